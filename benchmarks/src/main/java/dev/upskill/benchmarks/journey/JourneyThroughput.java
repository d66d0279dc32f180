package dev.upskill.benchmarks.journey;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.upskill.benchmarks.load.LoadGenerator.DurationConverter;
import dev.upskill.client.inference.InferenceClient;
import dev.upskill.client.inference.InferenceSettings;
import dev.upskill.client.journey.JourneyClient;
import dev.upskill.client.journey.JourneySettings;
import dev.upskill.proto.v1.FeedbackSource;
import dev.upskill.proto.v1.SubmitFeedbackRequest;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Journey-engine throughput against a running engine and inference server: imports a company of its own (a new
 * tenant), starts {@code --count} journeys keeping at most {@code --concurrency} running, completes every user task
 * over Camunda's REST API as the right user the moment it appears ({@link UserTaskDriver}), and reports journeys
 * started and completed per second, the time per journey (from Camunda's history), the latency of every
 * JourneyService RPC it made (closed loop, loopback) and the engine's step overhead over the inference calls per topic
 * (its {@code /metrics}). See docs/benchmarks.md.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.upskill.benchmarks.journey.JourneyThroughput \
 *     --admin-password-file data/demo-password --password-file data/demo-password --count 20 --concurrency 4
 * </pre>
 */
@Command(name = "journey-throughput", mixinStandardHelpOptions = true,
        description = "Journeys per second through a running journey engine, user tasks completed by this driver.")
public final class JourneyThroughput implements Callable<Integer> {

    @Option(names = "--engine", defaultValue = "127.0.0.1:9091",
            description = "JourneyService host:port [${DEFAULT-VALUE}]")
    String engine;

    @Option(names = "--engine-http", defaultValue = "http://127.0.0.1:8080",
            description = "the engine's HTTP base (Camunda REST, /metrics) [${DEFAULT-VALUE}]")
    URI engineHttp;

    @Option(names = "--inference", defaultValue = "127.0.0.1:9090",
            description = "the engine's inference server, to wait for the company's courses [${DEFAULT-VALUE}]")
    String inference;

    @Option(names = "--count", defaultValue = "20", description = "journeys (one per employee) [${DEFAULT-VALUE}]")
    int count;

    @Option(names = "--concurrency", defaultValue = "4", description = "journeys running at once [${DEFAULT-VALUE}]")
    int concurrency;

    @Option(names = "--team-size", defaultValue = "5", description = "employees per manager [${DEFAULT-VALUE}]")
    int teamSize;

    @Option(names = "--tenant", description = "the company's tenant id (letters and digits) [jb<epoch seconds>]")
    String tenant;

    @Option(names = "--admin", defaultValue = "admin", description = "the engine's administrator [${DEFAULT-VALUE}]")
    String admin;

    @Option(names = "--admin-password-file", required = true,
            description = "file whose first line is the administrator's password")
    Path adminPasswordFile;

    @Option(names = "--password-file", required = true,
            description = "file whose first line is the users' password "
                    + "(the engine's upskill.journey.initial-password)")
    Path passwordFile;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "give up when the journeys have not all finished by then [${DEFAULT-VALUE}]")
    Duration timeout;

    @Option(names = "--poll", defaultValue = "100ms", converter = DurationConverter.class,
            description = "how often open tasks and finished journeys are looked up [${DEFAULT-VALUE}]")
    Duration poll;

    @Option(names = "--json", description = "write the result as one JSON object to this file")
    Path json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new JourneyThroughput()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1 || concurrency < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--count and --concurrency must be >= 1");
        }
        BenchCompany company = new BenchCompany(tenant != null ? tenant : "jb" + Instant.now().getEpochSecond(),
                count, teamSize);
        EngineRest rest = new EngineRest(engineHttp, admin, firstLine(adminPasswordFile, "--admin-password-file"),
                firstLine(passwordFile, "--password-file"));
        RpcTimings timings = new RpcTimings();
        try (JourneyClient journeys = new JourneyClient(JourneySettings.of(List.of(engine)));
             InferenceClient inferenceClient = new InferenceClient(InferenceSettings.of(List.of(inference)))) {
            System.err.printf("journey-throughput: company %s (%d employees), %d journeys, %d at a time%n",
                    company.tenant(), count, count, concurrency);
            company.importInto(journeys, timings);
            awaitCourses(inferenceClient, company.tenant());
            for (String employee : company.employeeIds()) {
                timings.time("SubmitFeedback", () -> journeys.submitFeedback(SubmitFeedbackRequest.newBuilder()
                        .setTenantId(company.tenant()).setActor(company.manager(employee)).setEmployeeId(employee)
                        .setAuthorId(company.manager(employee)).setSource(FeedbackSource.FEEDBACK_SOURCE_MANAGER_REVIEW)
                        .setRating(2).setText("Needs to write SQL queries on their own").addCompetencyIds("sql")
                        .build()));
            }
            Run run = drive(company, journeys, rest, timings);
            List<StepOverheads.Topic> steps = StepOverheads.parse(rest.metrics());
            JsonObject result = result(company, run, timings, steps);
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
            if (json != null) {
                Files.writeString(json, result + "\n", StandardCharsets.UTF_8);
            }
            return run.finished().size() == count ? 0 : 1;
        }
    }

    /** What happened: when each journey was started (driver's clock) and each finished one (the engine's history). */
    record Run(Map<String, Instant> started, Map<String, EngineRest.FinishedJourney> finished, Instant firstStart,
               Instant lastStart, long tasksCompleted, long failedCompletions, String stoppedBecause) {
    }

    private Run drive(BenchCompany company, JourneyClient journeys, EngineRest rest, RpcTimings timings)
            throws InterruptedException {
        UserTaskDriver users = new UserTaskDriver(company, journeys, rest, timings);
        Deque<String> waiting = new ArrayDeque<>(company.employeeIds());
        Map<String, Instant> started = new HashMap<>();
        Map<String, EngineRest.FinishedJourney> finished = new HashMap<>();
        Set<String> inHand = ConcurrentHashMap.newKeySet();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        AtomicLong completed = new AtomicLong();
        Instant firstStart = null, lastStart = null;
        Instant deadline = Instant.now().plus(timeout);
        String stopped = null;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, concurrency));
        try {
            while (finished.size() < count) {
                for (EngineRest.FinishedJourney done : rest.finishedJourneys(company.tenant())) {
                    finished.putIfAbsent(done.employeeId(), done);
                }
                while (!waiting.isEmpty() && started.size() - finished.size() < concurrency) {
                    String employee = waiting.poll();
                    Instant now = Instant.now();
                    firstStart = firstStart == null ? now : firstStart;
                    timings.time("StartJourney", () -> journeys.startJourney(company.tenant(), employee));
                    started.put(employee, now);
                    lastStart = now;
                }
                for (EngineRest.UserTask task : rest.openTasks(company.tenant())) {
                    if (inHand.add(task.id())) {
                        pool.execute(() -> {
                            try {
                                users.complete(task);
                                completed.incrementAndGet();
                            } catch (RuntimeException e) {
                                // Not yet possible (e.g. the user's account is still being created): next poll.
                                int failed = failures.merge(task.id(), 1, Integer::sum);
                                if (failed == 1 || failed >= 20) {
                                    System.err.println("journey-throughput: completing " + task.key() + " failed ("
                                            + failed + "x), tried again at the next poll: " + e.getMessage());
                                }
                                inHand.remove(task.id());
                            }
                        });
                    }
                }
                long incidents = rest.incidents(company.tenant());
                if (incidents > 0) {
                    stopped = incidents + " incident(s) in Cockpit: a step failed its retries";
                    break;
                }
                if (failures.values().stream().anyMatch(n -> n >= 20)) {
                    stopped = "a user task could not be completed 20 times";
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    stopped = "timeout " + timeout + " with " + finished.size() + " of " + count + " finished";
                    break;
                }
                Thread.sleep(poll.toMillis());
            }
        } finally {
            pool.shutdownNow();
        }
        if (stopped != null) {
            System.err.println("journey-throughput: stopped: " + stopped);
        }
        return new Run(started, finished, firstStart, lastStart, completed.get(),
                failures.values().stream().mapToLong(Integer::longValue).sum(), stopped);
    }

    private static void awaitCourses(InferenceClient inference, String tenant) throws InterruptedException {
        int expected = BenchCompany.courses().size();
        Instant deadline = Instant.now().plusSeconds(60);
        while (inference.catalog().info(tenant).getCourseCount() < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the engine has not pushed the company's " + expected
                        + " courses to the inference server within 60 s: is the engine configured with --inference's "
                        + "server (upskill.journey.inference.addresses)?");
            }
            Thread.sleep(200);
        }
    }

    private JsonObject result(BenchCompany company, Run run, RpcTimings timings, List<StepOverheads.Topic> steps) {
        JsonObject o = new JsonObject();
        o.addProperty("tenant", company.tenant());
        o.addProperty("journeys", count);
        o.addProperty("concurrency", concurrency);
        o.addProperty("finished", run.finished().size());
        o.addProperty("userTasksCompleted", run.tasksCompleted());
        o.addProperty("failedCompletions", run.failedCompletions());
        if (run.stoppedBecause() != null) {
            o.addProperty("stoppedBecause", run.stoppedBecause());
        }
        Instant lastEnd = run.finished().values().stream().map(EngineRest.FinishedJourney::end)
                .max(Instant::compareTo).orElse(null);
        if (lastEnd != null && run.firstStart() != null) {
            double wall = seconds(run.firstStart(), lastEnd);
            o.addProperty("wallSeconds", wall);
            o.addProperty("completedPerSecond", run.finished().size() / wall);
            // Over the time new journeys were being started: bounded by --concurrency and the completions.
            if (run.started().size() > 1) {
                o.addProperty("startedPerSecond", (run.started().size() - 1) / seconds(run.firstStart(),
                        run.lastStart()));
            }
            Histogram perJourney = new Histogram(3_600_000L, 3);
            run.finished().values().forEach(j -> perJourney.recordValue(Math.max(1,
                    Duration.between(j.start(), j.end()).toMillis())));
            o.addProperty("journeyP50Ms", (double) perJourney.getValueAtPercentile(50));
            o.addProperty("journeyP99Ms", (double) perJourney.getValueAtPercentile(99));
            o.addProperty("journeyMaxMs", (double) perJourney.getMaxValue());
        }
        JsonObject rpcs = new JsonObject();
        timings.summaries().forEach((name, s) -> {
            JsonObject r = new JsonObject();
            r.addProperty("count", s.count());
            r.addProperty("p50Ms", s.p50Ms());
            r.addProperty("p99Ms", s.p99Ms());
            r.addProperty("maxMs", s.maxMs());
            rpcs.add(name, r);
        });
        o.add("calls", rpcs);
        JsonArray topics = new JsonArray();
        for (StepOverheads.Topic t : steps) {
            JsonObject step = new JsonObject();
            step.addProperty("topic", t.topic());
            step.addProperty("count", t.count());
            step.addProperty("overheadP50Ms", t.overheadP50Ms());
            step.addProperty("overheadP99Ms", t.overheadP99Ms());
            step.addProperty("inferenceP50Ms", t.inferenceP50Ms());
            step.addProperty("stepP50Ms", t.stepP50Ms());
            step.addProperty("waitP50Ms", t.waitP50Ms());
            step.addProperty("completionP50Ms", t.completionP50Ms());
            topics.add(step);
        }
        o.add("stepOverheads", topics);
        StepOverheads.worstMedianMs(steps).ifPresent(w -> o.addProperty("worstStepOverheadP50Ms", w));
        return o;
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(1, Duration.between(from, to).toMillis()) / 1000.0;
    }

    private static String firstLine(Path file, String option) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no such file: " + file);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            throw new IllegalArgumentException(option + ": " + file + " is empty");
        }
        return lines.getFirst().strip();
    }
}
