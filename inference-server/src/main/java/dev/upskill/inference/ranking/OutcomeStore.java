package dev.upskill.inference.ranking;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.proto.v1.GapClosure;
import dev.upskill.proto.v1.OutcomeStatus;
import dev.upskill.proto.v1.RecordOutcomeRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recorded outcomes, durable per tenant: an append-only JSON-lines file {@code <dir>/<tenant>.jsonl}, one
 * {@link RecordOutcomeRequest} (in protobuf's JSON mapping, {@code occurred_at} filled in) per line, forced to
 * disk before the call answers. Each tenant's file is read once, on its first use, into the outcome ids (for
 * idempotency) and the closure statistics behind {@code RANKING_FEATURE_OUTCOME_RATE}.
 *
 * <p>Outcome rate of a course for a competency: every gap closure recorded for the pair is an observation of
 * its closure share (0..1); an abandoned course without closures is an observation of 0 for every competency.
 * The rate is (K·p + Σ observations) / (K + n), shrunk towards the tenant's overall mean closure p (0.5 while the
 * tenant has none) by a prior of K observations ({@code ranking.outcomes.prior-observations}).
 *
 * <p>Ranked lists served for a named employee are kept beside, in {@code <dir>/<tenant>.lists.jsonl} (request id,
 * employee id, and each listed course with its feature values), so that outcomes sent with a
 * {@code recommendation_request_id} become training pairs for learning to rank ({@link #pairs}).
 */
public final class OutcomeStore implements AutoCloseable {

    /** The overall rate of a tenant without observations. */
    static final double NEUTRAL_RATE = 0.5;
    private static final String ANY_COMPETENCY = "";

    private final Path directory;
    private final double priorObservations;
    private final double positiveClosure;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /**
     * @param priorObservations K: observations the tenant's overall rate counts as in an outcome rate
     * @param positiveClosure mean gap closure at which a completed course counts as a success for learning
     */
    public OutcomeStore(Path directory, double priorObservations, double positiveClosure) {
        this.directory = directory;
        this.priorObservations = priorObservations;
        this.positiveClosure = positiveClosure;
    }

    /** The result of recording one outcome. */
    public record Recorded(boolean duplicate, long tenantOutcomes) {
    }

    /** Thrown when an outcome id was recorded before with different content. */
    public static final class ConflictException extends RuntimeException {
        ConflictException(String message) {
            super(message);
        }
    }

    /**
     * Records an outcome (with {@code occurred_at} set) unless its id is known: the same content again is a
     * duplicate, different content a {@link ConflictException}. {@code sent} is the request as received, to
     * compare a retry without {@code occurred_at} with what was stored.
     */
    public Recorded record(String tenantId, RecordOutcomeRequest stored, RecordOutcomeRequest sent) {
        Tenant tenant = tenant(tenantId);
        synchronized (tenant) {
            RecordOutcomeRequest before = tenant.outcomes.get(stored.getOutcomeId());
            if (before != null) {
                boolean same = sent.hasOccurredAt() ? before.equals(stored)
                        : before.toBuilder().clearOccurredAt().build().equals(sent);
                if (!same) {
                    throw new ConflictException("outcome_id: '" + stored.getOutcomeId()
                            + "' was recorded before with different content");
                }
                return new Recorded(true, tenant.outcomes.size());
            }
            tenant.append(stored);
            tenant.add(stored);
            return new Recorded(false, tenant.outcomes.size());
        }
    }

    /** A ranked list as served: its courses and their feature values, best first. */
    public record ServedList(String employeeId, List<String> courseIds, List<float[]> features) {
    }

    /** Keeps a ranked list served for a named employee, durably, for later outcomes to refer to. */
    public void recordList(String tenantId, String requestId, ServedList list) {
        Tenant tenant = tenant(tenantId);
        ListValue.Builder courses = ListValue.newBuilder();
        for (int i = 0; i < list.courseIds().size(); i++) {
            ListValue.Builder values = ListValue.newBuilder();
            for (float value : list.features().get(i)) {
                values.addValues(Value.newBuilder().setNumberValue(value));
            }
            courses.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields("id", Value.newBuilder().setStringValue(list.courseIds().get(i)).build())
                    .putFields("features", Value.newBuilder().setListValue(values).build())));
        }
        Struct line = Struct.newBuilder()
                .putFields("request_id", Value.newBuilder().setStringValue(requestId).build())
                .putFields("employee_id", Value.newBuilder().setStringValue(list.employeeId()).build())
                .putFields("courses", Value.newBuilder().setListValue(courses).build())
                .build();
        synchronized (tenant) {
            tenant.lists.put(requestId, list);
            tenant.listChannel = append(tenant.listChannel, tenant.listFile, line);
        }
    }

    /**
     * The tenant's training pairs: on every served list that outcomes refer to, each course completed with its
     * gaps closed (mean closure at least {@code ranking.learning.positive-closure}; completed without
     * re-measurement counts too) is preferred to
     * every other course on that list that was not.
     */
    public List<PairwiseLogisticTrainer.Pair> pairs(String tenantId) {
        Tenant tenant = tenant(tenantId);
        Map<String, ServedList> lists;
        Map<String, Set<String>> positives = new HashMap<>();
        synchronized (tenant) {
            lists = new HashMap<>(tenant.lists);
            for (RecordOutcomeRequest outcome : tenant.outcomes.values()) {
                if (lists.containsKey(outcome.getRecommendationRequestId()) && positive(outcome)) {
                    positives.computeIfAbsent(outcome.getRecommendationRequestId(), k -> new HashSet<>())
                            .add(outcome.getCourseId());
                }
            }
        }
        List<PairwiseLogisticTrainer.Pair> pairs = new ArrayList<>();
        positives.forEach((requestId, good) -> {
            ServedList list = lists.get(requestId);
            for (int i = 0; i < list.courseIds().size(); i++) {
                if (!good.contains(list.courseIds().get(i))) {
                    continue;
                }
                for (int j = 0; j < list.courseIds().size(); j++) {
                    if (!good.contains(list.courseIds().get(j))) {
                        pairs.add(new PairwiseLogisticTrainer.Pair(list.features().get(i), list.features().get(j)));
                    }
                }
            }
        });
        return pairs;
    }

    boolean positive(RecordOutcomeRequest outcome) {
        if (outcome.getStatus() != OutcomeStatus.OUTCOME_STATUS_COMPLETED) {
            return false;
        }
        if (outcome.getGapClosuresCount() == 0) {
            return true;
        }
        double sum = 0;
        for (GapClosure gap : outcome.getGapClosuresList()) {
            sum += closure(gap);
        }
        return sum / outcome.getGapClosuresCount() >= positiveClosure;
    }

    private static FileChannel append(FileChannel channel, Path file, com.google.protobuf.MessageOrBuilder line) {
        try {
            if (channel == null) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            String text = JsonFormat.printer().omittingInsignificantWhitespace().print(line) + "\n";
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    public long count(String tenantId) {
        Tenant tenant = tenant(tenantId);
        synchronized (tenant) {
            return tenant.outcomes.size();
        }
    }

    /** The tenant's outcome rates, read as they are at each lookup (no copy of the statistics). */
    public CourseRanker.OutcomeRates rates(String tenantId) {
        Tenant tenant = tenant(tenantId);
        return (course, competency) -> {
            synchronized (tenant) {
                double overall = tenant.observations == 0 ? NEUTRAL_RATE : tenant.closed / tenant.observations;
                double[] specific = tenant.stats.get(key(course, competency));
                double[] any = tenant.stats.get(key(course, ANY_COMPETENCY));
                double sum = (specific == null ? 0 : specific[0]) + (any == null ? 0 : any[0]);
                double n = (specific == null ? 0 : specific[1]) + (any == null ? 0 : any[1]);
                return (priorObservations * overall + sum) / (priorObservations + n);
            }
        };
    }

    /** Share of a gap closed: (after - before) / (target - before), clipped to 0..1. */
    public static float closure(GapClosure gap) {
        int before = gap.getLevelBeforeValue();
        double share = (double) (gap.getLevelAfterValue() - before) / (gap.getTargetLevelValue() - before);
        return (float) Math.max(0, Math.min(1, share));
    }

    private static String key(String course, String competency) {
        return course + '\u0000' + competency;
    }

    private Tenant tenant(String tenantId) {
        return tenants.computeIfAbsent(tenantId, id -> new Tenant(directory.resolve(id + ".jsonl"),
                directory.resolve(id + ".lists.jsonl")));
    }

    @Override
    public void close() {
        for (Tenant tenant : tenants.values()) {
            synchronized (tenant) {
                tenant.close();
            }
        }
    }

    private static final class Tenant {
        final Path file;
        final Path listFile;
        final Map<String, RecordOutcomeRequest> outcomes = new HashMap<>();
        final Map<String, ServedList> lists = new HashMap<>();
        FileChannel listChannel;
        /** course, competency → {sum of closures, observations}. */
        final Map<String, double[]> stats = new HashMap<>();
        double closed;
        long observations;
        FileChannel channel;

        Tenant(Path file, Path listFile) {
            this.file = file;
            this.listFile = listFile;
            readLists();
            if (Files.exists(file)) {
                try {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    for (String line : lines) {
                        if (line.isBlank()) {
                            continue;
                        }
                        RecordOutcomeRequest.Builder outcome = RecordOutcomeRequest.newBuilder();
                        try {
                            JsonFormat.parser().ignoringUnknownFields().merge(line, outcome);
                        } catch (InvalidProtocolBufferException e) {
                            continue; // a line torn by a crash mid-write: the call was never acknowledged
                        }
                        if (!outcomes.containsKey(outcome.getOutcomeId())) {
                            add(outcome.build());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        }

        void add(RecordOutcomeRequest outcome) {
            outcomes.put(outcome.getOutcomeId(), outcome);
            if (outcome.getGapClosuresCount() > 0) {
                for (GapClosure gap : outcome.getGapClosuresList()) {
                    observe(key(outcome.getCourseId(), gap.getCompetencyId()), closure(gap));
                }
            } else if (outcome.getStatus() == OutcomeStatus.OUTCOME_STATUS_ABANDONED) {
                observe(key(outcome.getCourseId(), ANY_COMPETENCY), 0);
            }
        }

        private void observe(String key, double value) {
            double[] stat = stats.computeIfAbsent(key, k -> new double[2]);
            stat[0] += value;
            stat[1]++;
            closed += value;
            observations++;
        }

        void append(RecordOutcomeRequest outcome) {
            channel = OutcomeStore.append(channel, file, outcome);
        }

        private void readLists() {
            if (!Files.exists(listFile)) {
                return;
            }
            try {
                for (String line : Files.readAllLines(listFile, StandardCharsets.UTF_8)) {
                    Struct.Builder struct = Struct.newBuilder();
                    try {
                        JsonFormat.parser().merge(line, struct);
                    } catch (InvalidProtocolBufferException e) {
                        continue; // torn by a crash mid-write
                    }
                    Map<String, Value> fields = struct.getFieldsMap();
                    List<String> ids = new ArrayList<>();
                    List<float[]> features = new ArrayList<>();
                    for (Value course : fields.get("courses").getListValue().getValuesList()) {
                        ids.add(course.getStructValue().getFieldsOrThrow("id").getStringValue());
                        List<Value> values = course.getStructValue().getFieldsOrThrow("features").getListValue()
                                .getValuesList();
                        float[] vector = new float[values.size()];
                        for (int i = 0; i < vector.length; i++) {
                            vector[i] = (float) values.get(i).getNumberValue();
                        }
                        features.add(vector);
                    }
                    lists.put(fields.get("request_id").getStringValue(),
                            new ServedList(fields.get("employee_id").getStringValue(), ids, features));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + listFile, e);
            }
        }

        void close() {
            if (listChannel != null) {
                try {
                    listChannel.close();
                } catch (IOException ignored) {
                    // closing after a forced write loses nothing
                }
                listChannel = null;
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing after a forced write loses nothing
                }
                channel = null;
            }
        }
    }
}
