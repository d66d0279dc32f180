package dev.upskill.client.journey;

import dev.upskill.proto.v1.EraseEmployeeRequest;
import dev.upskill.proto.v1.EraseEmployeeResponse;
import dev.upskill.proto.v1.GetJourneyRequest;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportResponse;
import dev.upskill.proto.v1.JourneyServiceGrpc;
import dev.upskill.proto.v1.ListRecommendationsRequest;
import dev.upskill.proto.v1.ListRecommendationsResponse;
import dev.upskill.proto.v1.Recommendation;
import dev.upskill.proto.v1.RecordLearningEventRequest;
import dev.upskill.proto.v1.RecordLearningEventResponse;
import dev.upskill.proto.v1.StartJourneyRequest;
import dev.upskill.proto.v1.StartJourneyResponse;
import dev.upskill.proto.v1.SubmitFeedbackRequest;
import dev.upskill.proto.v1.SubmitFeedbackResponse;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A journey service for client tests: it counts the attempts per method, answers with the scripted errors first
 * (one per attempt, any method), records what it was sent and the {@code authorization} header of each call, and
 * answers journeys with a fixed dashboard.
 */
public class FakeJourneyService extends JourneyServiceGrpc.JourneyServiceImplBase {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** Attempts per method name ("StartJourney"). */
    public final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    /** Errors to answer with, one per attempt, before answering OK. */
    public final Queue<Status> errors = new ConcurrentLinkedQueue<>();
    /** The authorization header of each call ("" when none). */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Every ImportEmployees message received, over all attempts. */
    public final List<ImportEmployeesRequest> employeeMessages = new CopyOnWriteArrayList<>();
    /** The requests of the unary calls, in order. */
    public final List<Object> requests = new CopyOnWriteArrayList<>();
    /** The dashboard GetJourney answers with. */
    public volatile GetJourneyResponse journey = GetJourneyResponse.getDefaultInstance();
    /** Milliseconds GetJourney waits before answering. */
    public volatile long journeyDelayMillis;

    /** This service behind an interceptor that records the authorization header. */
    public ServerServiceDefinition withHeaderRecorder() {
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                String value = headers.get(AUTHORIZATION);
                authorizations.add(value == null ? "" : value);
                return next.startCall(call, headers);
            }
        };
        return ServerInterceptors.intercept(this, recorder);
    }

    public int attempts(String method) {
        return attempts.computeIfAbsent(method, m -> new AtomicInteger()).get();
    }

    @Override
    public void startJourney(StartJourneyRequest request, StreamObserver<StartJourneyResponse> responses) {
        answer("StartJourney", request, responses, StartJourneyResponse.newBuilder()
                .setProcessInstanceId("pi-" + request.getEmployeeId()).setStarted(true).build());
    }

    @Override
    public void getJourney(GetJourneyRequest request, StreamObserver<GetJourneyResponse> responses) {
        if (journeyDelayMillis > 0) {
            try {
                Thread.sleep(journeyDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer("GetJourney", request, responses, journey);
    }

    @Override
    public void listRecommendations(ListRecommendationsRequest request,
            StreamObserver<ListRecommendationsResponse> responses) {
        ListRecommendationsResponse.Builder response = ListRecommendationsResponse.newBuilder();
        for (int i = 1; i <= request.getTopK(); i++) {
            response.addRecommendations(Recommendation.newBuilder().setCourseId("c-" + i).setScore(1f / i));
        }
        answer("ListRecommendations", request, responses, response.build());
    }

    @Override
    public void submitFeedback(SubmitFeedbackRequest request, StreamObserver<SubmitFeedbackResponse> responses) {
        answer("SubmitFeedback", request, responses, SubmitFeedbackResponse.newBuilder().setFeedbackId(1).build());
    }

    @Override
    public void recordLearningEvent(RecordLearningEventRequest request,
            StreamObserver<RecordLearningEventResponse> responses) {
        answer("RecordLearningEvent", request, responses, RecordLearningEventResponse.getDefaultInstance());
    }

    @Override
    public void eraseEmployee(EraseEmployeeRequest request, StreamObserver<EraseEmployeeResponse> responses) {
        answer("EraseEmployee", request, responses, EraseEmployeeResponse.getDefaultInstance());
    }

    @Override
    public StreamObserver<ImportEmployeesRequest> importEmployees(StreamObserver<ImportResponse> responses) {
        return new StreamObserver<>() {
            private int count;

            @Override
            public void onNext(ImportEmployeesRequest message) {
                employeeMessages.add(message);
                count += message.getEmployeesCount();
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                answer("ImportEmployees", null, responses, ImportResponse.newBuilder().setCreated(count).build());
            }
        };
    }

    private <T> void answer(String method, Object request, StreamObserver<T> responses, T ok) {
        attempts.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        if (request != null) {
            requests.add(request);
        }
        Status error = errors.poll();
        if (error != null) {
            responses.onError(error.asRuntimeException());
            return;
        }
        responses.onNext(ok);
        responses.onCompleted();
    }
}
