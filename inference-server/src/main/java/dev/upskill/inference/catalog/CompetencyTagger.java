package dev.upskill.inference.catalog;

import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.InferredCompetency;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tags courses with the competencies of their tenant's framework whose vectors are most similar to the course
 * vector: every competency at or above the similarity floor, best first, at most a cap. Keeps each tenant's
 * framework in memory as one flat matrix, loaded from the index on first use and dropped when it changes.
 */
final class CompetencyTagger {

    /**
     * A tenant's framework ready for tagging.
     *
     * @param vectors the competency vectors row by row ({@code ids.size() × dimensions})
     * @param stamp a digest of the framework's content: it changes whenever any competency does
     * @param byId the competencies as stored, by id
     */
    record Framework(List<String> ids, float[] vectors, int dimensions, String stamp,
                     Map<String, IndexedCompetency> byId) {

        int size() {
            return ids.size();
        }
    }

    private final CatalogIndex index;
    private final float minSimilarity;
    private final int maxCompetencies;
    private final Map<String, Framework> frameworks = new ConcurrentHashMap<>();

    CompetencyTagger(CatalogIndex index, float minSimilarity, int maxCompetencies) {
        this.index = index;
        this.minSimilarity = minSimilarity;
        this.maxCompetencies = maxCompetencies;
    }

    /** The tenant's framework as stored now. */
    Framework framework(String tenant) {
        return frameworks.computeIfAbsent(tenant, t -> build(index.competencies(t)));
    }

    /** Forgets the cached framework after a change. */
    void invalidate(String tenant) {
        frameworks.remove(tenant);
    }

    static Framework build(List<IndexedCompetency> competencies) {
        List<IndexedCompetency> sorted = new ArrayList<>(competencies);
        sorted.sort(Comparator.comparing(IndexedCompetency::id));
        int dimensions = sorted.isEmpty() ? 0 : sorted.getFirst().vector().length;
        float[] vectors = new float[sorted.size() * dimensions];
        List<String> ids = new ArrayList<>(sorted.size());
        Map<String, IndexedCompetency> byId = new HashMap<>();
        MessageDigest sha = CourseDigest.sha256();
        for (int row = 0; row < sorted.size(); row++) {
            Competency competency = sorted.get(row).competency();
            ids.add(competency.getId());
            byId.put(competency.getId(), sorted.get(row));
            System.arraycopy(sorted.get(row).vector(), 0, vectors, row * dimensions, dimensions);
            sha.update(competency.toByteArray());
            sha.update((byte) 0);
        }
        String stamp = HexFormat.of().formatHex(sha.digest(), 0, 8);
        return new Framework(List.copyOf(ids), vectors, dimensions, stamp, Map.copyOf(byId));
    }

    /** The competencies to tag a course with, best first. */
    List<InferredCompetency> tag(Framework framework, float[] course) {
        record Match(int row, float similarity) {
        }
        List<Match> matches = new ArrayList<>();
        int dims = framework.dimensions();
        float[] vectors = framework.vectors();
        for (int row = 0; row < framework.size(); row++) {
            float dot = 0;
            int base = row * dims;
            for (int d = 0; d < dims; d++) {
                dot += vectors[base + d] * course[d];
            }
            if (dot >= minSimilarity) {
                matches.add(new Match(row, dot));
            }
        }
        matches.sort(Comparator.comparingDouble(Match::similarity).reversed()
                .thenComparing(match -> framework.ids().get(match.row())));
        List<InferredCompetency> tags = new ArrayList<>(Math.min(matches.size(), maxCompetencies));
        for (Match match : matches.subList(0, Math.min(matches.size(), maxCompetencies))) {
            tags.add(InferredCompetency.newBuilder()
                    .setCompetencyId(framework.ids().get(match.row()))
                    .setSimilarity(Math.min(match.similarity(), 1f))
                    .build());
        }
        return tags;
    }

    /** The text a competency is embedded from. */
    static String text(Competency competency) {
        return competency.getDescription().isBlank() ? competency.getName()
                : competency.getName() + ": " + competency.getDescription();
    }
}
