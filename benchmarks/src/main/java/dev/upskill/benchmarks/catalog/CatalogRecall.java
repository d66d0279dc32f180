package dev.upskill.benchmarks.catalog;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.upskill.inference.catalog.IndexedCourse;
import dev.upskill.inference.catalog.LuceneCatalogIndex;
import dev.upskill.inference.catalog.ScoredCourse;
import dev.upskill.inference.catalog.SearchFilter;
import dev.upskill.inference.text.LanguageAnalyzers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Recall@10 of the Lucene catalog's HNSW search against exact (brute-force) search on the same fixture and
 * filters: the share of the true 10 nearest courses the index returns, averaged over the queries.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.upskill.benchmarks.catalog.CatalogRecall --size 100000</pre>
 *
 * The fixture is read from a temporary copy (the index is opened with a writer; the fixture is never written).
 * {@code --json FILE} also writes the results in JMH's JSON result format (benchmark {@code
 * CatalogRecall.recallAt10}, params filter and candidates, score = mean recall@10, percentile 0 = the lowest),
 * so that the suite report reads them with the JMH results.
 */
@Command(name = "catalog-recall", mixinStandardHelpOptions = true,
        description = "Recall@10 of HNSW search against exact search, per filter and HNSW candidate count.")
public final class CatalogRecall implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "100000", description = "Courses in the fixture (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--queries", defaultValue = "200", description = "Queries (default ${DEFAULT-VALUE}).")
    int queryCount;

    @Option(names = "--candidates", split = ",", defaultValue = "10,50,100,200",
            description = "HNSW candidate counts to try (default ${DEFAULT-VALUE}).")
    List<Integer> candidateCounts;

    @Option(names = "--json", description = "Also write the results here, in JMH's JSON result format.")
    Path json;

    private record Stored(String id, float[] vector, Set<String> competencies) {
    }

    private record Result(CatalogQueries.Selectivity filter, int candidates, double recall, double min) {
    }

    @Override
    public Integer call() throws IOException {
        Path fixture = CatalogFixture.ensure(CatalogSearchBenchmark.fixtures(), size, 1).resolve("index");
        Path directory = Files.createTempDirectory("upskill-recall-");
        try {
            CatalogFixture.copyTree(fixture, directory);
            List<Result> results = measure(directory);
            if (json != null) {
                Files.writeString(json, jmhJson(results), StandardCharsets.UTF_8);
            }
        } finally {
            CatalogFixture.deleteTree(directory);
        }
        return 0;
    }

    private List<Result> measure(Path directory) {
        List<Result> results = new ArrayList<>();
        CatalogQueries queries = new CatalogQueries(queryCount);
        List<Stored> all = new ArrayList<>(size);
        Map<String, Integer> counts;
        try (LanguageAnalyzers analyzers = new LanguageAnalyzers();
             LuceneCatalogIndex reader = LuceneCatalogIndex.open(directory, analyzers, 100, Clock.systemUTC())) {
            reader.forEachCourse(CatalogFixture.TENANT, (IndexedCourse course) ->
                    all.add(new Stored(course.id(), course.vector(), CatalogQueries.competencies(course))));
            counts = CatalogQueries.competencyCounts(reader, CatalogFixture.TENANT);
        }
        System.out.printf("%-8s %-10s %-10s %-12s %-10s%n", "filter", "matches", "candidates", "recall@10", "min");
        for (CatalogQueries.Selectivity selectivity : CatalogQueries.Selectivity.values()) {
            SearchFilter filter = CatalogQueries.filter(selectivity, counts, size);
            List<Stored> passing = all.stream().filter(s -> filter.competencyIds().isEmpty()
                    || s.competencies().stream().anyMatch(filter.competencyIds()::contains)).toList();
            List<Set<String>> exact = new ArrayList<>();
            for (float[] query : queries.vectors) {
                exact.add(exactTop10(passing, query));
            }
            for (int candidates : candidateCounts) {
                try (LanguageAnalyzers analyzers = new LanguageAnalyzers();
                     LuceneCatalogIndex index = LuceneCatalogIndex.open(directory, analyzers, candidates,
                             Clock.systemUTC())) {
                    double sum = 0;
                    double min = 1;
                    for (int q = 0; q < queries.vectors.size(); q++) {
                        Set<String> found = new HashSet<>();
                        for (ScoredCourse hit : index.denseSearch(CatalogFixture.TENANT, queries.vectors.get(q),
                                filter, 10)) {
                            found.add(hit.course().id());
                        }
                        Set<String> truth = exact.get(q);
                        double recall = truth.isEmpty() ? 1 : (double) found.stream().filter(truth::contains)
                                .count() / truth.size();
                        sum += recall;
                        min = Math.min(min, recall);
                    }
                    System.out.printf("%-8s %-10d %-10d %-12.4f %-10.2f%n", selectivity, passing.size(), candidates,
                            sum / queries.vectors.size(), min);
                    results.add(new Result(selectivity, candidates, sum / queries.vectors.size(), min));
                }
            }
        }
        return results;
    }

    private String jmhJson(List<Result> results) {
        JsonArray array = new JsonArray();
        for (Result r : results) {
            JsonObject params = new JsonObject();
            params.addProperty("size", Integer.toString(size));
            params.addProperty("filter", r.filter().name());
            params.addProperty("candidates", Integer.toString(r.candidates()));
            params.addProperty("queries", Integer.toString(queryCount));
            JsonObject percentiles = new JsonObject();
            percentiles.addProperty("0.0", r.min());
            JsonObject metric = new JsonObject();
            metric.addProperty("score", r.recall());
            metric.addProperty("scoreError", "NaN");
            metric.addProperty("scoreUnit", "recall@10");
            metric.add("scorePercentiles", percentiles);
            JsonObject result = new JsonObject();
            result.addProperty("benchmark", CatalogRecall.class.getName() + ".recallAt10");
            result.addProperty("mode", "recall");
            result.add("params", params);
            result.add("primaryMetric", metric);
            array.add(result);
        }
        return array.toString();
    }

    private static Set<String> exactTop10(List<Stored> courses, float[] query) {
        record Scored(String id, float score) {
        }
        PriorityQueue<Scored> top = new PriorityQueue<>((a, b) -> Float.compare(a.score(), b.score()));
        for (Stored course : courses) {
            float dot = 0;
            for (int d = 0; d < query.length; d++) {
                dot += query[d] * course.vector()[d];
            }
            top.add(new Scored(course.id(), dot));
            if (top.size() > 10) {
                top.poll();
            }
        }
        Set<String> ids = new HashSet<>();
        top.forEach(scored -> ids.add(scored.id()));
        return ids;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CatalogRecall()).execute(args));
    }
}
