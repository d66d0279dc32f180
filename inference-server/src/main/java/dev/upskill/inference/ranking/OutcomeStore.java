package dev.upskill.inference.ranking;

import com.google.protobuf.InvalidProtocolBufferException;
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
import java.util.HashMap;
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
 * tenant has none) by a prior of {@link #PRIOR_OBSERVATIONS} observations.
 */
public final class OutcomeStore implements AutoCloseable {

    /** K: observations the tenant's overall rate counts as. */
    static final double PRIOR_OBSERVATIONS = 5;
    /** The overall rate of a tenant without observations. */
    static final double NEUTRAL_RATE = 0.5;
    private static final String ANY_COMPETENCY = "";

    private final Path directory;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    public OutcomeStore(Path directory) {
        this.directory = directory;
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

    public long count(String tenantId) {
        Tenant tenant = tenant(tenantId);
        synchronized (tenant) {
            return tenant.outcomes.size();
        }
    }

    /** A consistent view of the tenant's outcome rates for one ranking. */
    public CourseRanker.OutcomeRates rates(String tenantId) {
        Tenant tenant = tenant(tenantId);
        Map<String, double[]> copy;
        double overall;
        synchronized (tenant) {
            copy = new HashMap<>(tenant.stats.size());
            tenant.stats.forEach((key, value) -> copy.put(key, value.clone()));
            overall = tenant.observations == 0 ? NEUTRAL_RATE : tenant.closed / tenant.observations;
        }
        return (course, competency) -> {
            double[] specific = copy.get(key(course, competency));
            double[] any = copy.get(key(course, ANY_COMPETENCY));
            double sum = (specific == null ? 0 : specific[0]) + (any == null ? 0 : any[0]);
            double n = (specific == null ? 0 : specific[1]) + (any == null ? 0 : any[1]);
            return (PRIOR_OBSERVATIONS * overall + sum) / (PRIOR_OBSERVATIONS + n);
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
        return tenants.computeIfAbsent(tenantId, id -> new Tenant(directory.resolve(id + ".jsonl")));
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
        final Map<String, RecordOutcomeRequest> outcomes = new HashMap<>();
        /** course, competency → {sum of closures, observations}. */
        final Map<String, double[]> stats = new HashMap<>();
        double closed;
        long observations;
        FileChannel channel;

        Tenant(Path file) {
            this.file = file;
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
            try {
                if (channel == null) {
                    Files.createDirectories(file.getParent());
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
                }
                String line = JsonFormat.printer().omittingInsignificantWhitespace().print(outcome) + "\n";
                ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + file, e);
            }
        }

        void close() {
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
