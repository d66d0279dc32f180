package dev.upskill.benchmarks.catalog;

import dev.upskill.inference.catalog.DemoCatalog;
import dev.upskill.inference.catalog.IndexedCourse;
import dev.upskill.inference.catalog.LuceneCatalogIndex;
import dev.upskill.inference.catalog.SearchFilter;
import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.embedding.TextEmbedding;
import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.InferredCompetency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Queries for the catalog benchmarks: what a learner or a gap analysis would ask for ("negotiate with
 * clients", a competency's description), embedded once, and single-competency filters chosen by how many
 * courses they match.
 */
final class CatalogQueries {

    /** A competency filter that matches about this share of the catalog. */
    enum Selectivity {
        NONE(0), POPULAR(0.05), RARE(0.002);

        final double share;

        Selectivity(double share) {
            this.share = share;
        }
    }

    final List<String> texts = new ArrayList<>();
    final List<float[]> vectors = new ArrayList<>();

    CatalogQueries(int count) {
        List<Competency> framework = DemoCatalog.framework();
        String[] shapes = {"%s", "course to learn how to %s", "improve at %s for my role",
                "%s: practical training with exercises"};
        for (int i = 0; texts.size() < count; i++) {
            Competency competency = framework.get((i * 7) % framework.size());
            String shape = shapes[i % shapes.length];
            texts.add(i % 5 == 4 && !competency.getDescription().isBlank() ? competency.getDescription()
                    : shape.formatted(competency.getName()));
        }
        try (TextEncoder encoder = SentenceEncoder.load(ModelSource.quantizedMiniLm(),
                new OnnxOptions(Runtime.getRuntime().availableProcessors(), false));
             TextEncoder.Runner runner = encoder.newRunner()) {
            for (int from = 0; from < texts.size(); from += 32) {
                for (TextEmbedding embedding : runner.encode(texts.subList(from, Math.min(texts.size(), from + 32)))) {
                    vectors.add(embedding.vector());
                }
            }
        }
    }

    /** Courses per competency (explicit or inferred), counted over the whole tenant. */
    static Map<String, Integer> competencyCounts(LuceneCatalogIndex index, String tenant) {
        Map<String, Integer> counts = new HashMap<>();
        index.forEachCourse(tenant, course -> competencies(course).forEach(id -> counts.merge(id, 1, Integer::sum)));
        return counts;
    }

    static Set<String> competencies(IndexedCourse course) {
        Set<String> ids = new java.util.HashSet<>(course.course().getCompetencyIdsList());
        for (InferredCompetency inferred : course.course().getInferredCompetenciesList()) {
            ids.add(inferred.getCompetencyId());
        }
        return ids;
    }

    /** The filter for a selectivity: the competency whose share of the catalog is closest to the target. */
    static SearchFilter filter(Selectivity selectivity, Map<String, Integer> counts, int size) {
        if (selectivity == Selectivity.NONE) {
            return SearchFilter.none();
        }
        String competency = counts.entrySet().stream()
                .min(Comparator.comparingDouble(e -> Math.abs(Math.log((double) e.getValue() / size)
                        - Math.log(selectivity.share))))
                .orElseThrow().getKey();
        return new SearchFilter(Set.of(competency), Set.of(), Set.of(), Set.of(), java.util.OptionalInt.empty(),
                Set.of(), Set.of());
    }
}
