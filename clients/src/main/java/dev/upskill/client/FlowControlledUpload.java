package dev.upskill.client;

import com.google.protobuf.MessageLite;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Sends items over one client-streaming call in batches, on the caller's thread, and returns the single
 * response. Before each batch it waits until the call {@linkplain ClientCallStreamObserver#isReady() is
 * ready}, so a fast producer (a file reader) never queues more than about one batch beyond what the
 * transport and the server have taken: memory stays bounded however many items there are.
 *
 * @param <T> the item type
 * @param <Req> the request message (a batch)
 * @param <Resp> the response message
 */
public final class FlowControlledUpload<T extends MessageLite, Req, Resp> implements ClientResponseObserver<Req, Resp> {

    // Keeps a batch well under the server's default 4 MiB message limit even when items are large (long
    // descriptions); ordinary batches of 256 courses are a few hundred KiB.
    static final int MAX_BATCH_BYTES = 1 << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private ClientCallStreamObserver<Req> requests;
    private Resp response;
    private Throwable error;
    private boolean ended;

    private FlowControlledUpload() {
    }

    /**
     * Runs one upload.
     *
     * @param start starts the call (an async stub method with its deadline), given the response observer
     * @param items the items to send; read on the caller's thread. An exception it throws cancels the call
     *     and is rethrown.
     * @param batchSize the most items per message
     * @param toRequest makes a request message of a batch; the flag is true for the first message
     * @param progress told the number of items sent so far after each message
     * @return the server's response
     * @throws StatusRuntimeException when the call fails
     */
    public static <T extends MessageLite, Req, Resp> Resp run(Function<StreamObserver<Resp>, StreamObserver<Req>> start,
            Iterator<? extends T> items, int batchSize, BiFunction<List<T>, Boolean, Req> toRequest,
            LongConsumer progress) {
        FlowControlledUpload<T, Req, Resp> upload = new FlowControlledUpload<>();
        start.apply(upload);
        return upload.send(items, batchSize, toRequest, progress);
    }

    private Resp send(Iterator<? extends T> items, int batchSize, BiFunction<List<T>, Boolean, Req> toRequest,
            LongConsumer progress) {
        long sent = 0;
        boolean first = true;
        List<T> batch = new ArrayList<>(batchSize);
        int batchBytes = 0;
        try {
            while (items.hasNext()) {
                T item = items.next();
                int size = item.getSerializedSize();
                if (!batch.isEmpty() && (batch.size() == batchSize || batchBytes + size > MAX_BATCH_BYTES)) {
                    if (!awaitReady()) {
                        break; // the call has ended (an error): awaitResponse reports it
                    }
                    requests.onNext(toRequest.apply(batch, first));
                    sent += batch.size();
                    progress.accept(sent);
                    first = false;
                    batch = new ArrayList<>(batchSize);
                    batchBytes = 0;
                }
                batch.add(item);
                batchBytes += size;
            }
            if (!batch.isEmpty() && awaitReady()) {
                requests.onNext(toRequest.apply(batch, first));
                sent += batch.size();
                progress.accept(sent);
            }
        } catch (RuntimeException | Error e) {
            // The items could not be produced (a file became unreadable, say): stop the call, so the server
            // does not take a half-sent stream for a complete one, and tell the caller why.
            requests.cancel("the client stopped sending: " + e, e);
            throw e;
        }
        requests.onCompleted();
        return awaitResponse();
    }

    /** Waits until the call can take a message without buffering it; false if the call has ended. */
    private boolean awaitReady() {
        lock.lock();
        try {
            while (!ended && !requests.isReady()) {
                changed.await();
            }
            return !ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.cancel("interrupted", e);
            throw Status.CANCELLED.withDescription("interrupted while sending").withCause(e).asRuntimeException();
        } finally {
            lock.unlock();
        }
    }

    private Resp awaitResponse() {
        lock.lock();
        try {
            while (!ended) {
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.cancel("interrupted", e);
            throw Status.CANCELLED.withDescription("interrupted while waiting for the response").withCause(e)
                    .asRuntimeException();
        } finally {
            lock.unlock();
        }
        if (error instanceof StatusRuntimeException statusError) {
            throw statusError;
        }
        if (error != null) {
            throw Status.fromThrowable(error).asRuntimeException();
        }
        if (response == null) {
            throw Status.INTERNAL.withDescription("the server completed the call without a response")
                    .asRuntimeException();
        }
        return response;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Req> requestStream) {
        this.requests = requestStream;
        requestStream.setOnReadyHandler(this::signal);
    }

    @Override
    public void onNext(Resp value) {
        lock.lock();
        try {
            response = value;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(Throwable t) {
        lock.lock();
        try {
            error = t;
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onCompleted() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
