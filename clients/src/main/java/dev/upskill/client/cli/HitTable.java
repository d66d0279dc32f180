package dev.upskill.client.cli;

import dev.upskill.client.catalog.CourseVocabulary;
import dev.upskill.proto.v1.CompetencyMatch;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseHit;
import dev.upskill.proto.v1.HitExplanation;
import dev.upskill.proto.v1.SearchCoursesResponse;
import dev.upskill.proto.v1.Timing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders search hits as a plain-text table: rank, score, id, title, level, provider, and why the course
 * matched (its dense and BM25 ranks, the query terms found, the filter competencies it has). Long titles,
 * providers and ids are cut with an ellipsis so that a row fits a wide terminal; the why column is last and
 * never cut.
 */
final class HitTable {

    private static final String[] HEADER = {"#", "score", "id", "title", "level", "provider", "why"};
    private static final int[] MAX_WIDTH = {4, 10, 20, 48, 12, 22, Integer.MAX_VALUE};

    private HitTable() {
    }

    /** The table, one line per hit after a header line, then a line about the search itself. */
    static String render(SearchCoursesResponse response) {
        if (response.getHitsCount() == 0) {
            return "no courses found" + footer(response) + "\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        int rank = 1;
        for (CourseHit hit : response.getHitsList()) {
            Course course = hit.getCourse();
            rows.add(new String[] {
                String.valueOf(rank++),
                String.format(Locale.ROOT, "%.4f", hit.getScore()),
                course.getId(),
                course.getTitle(),
                CourseVocabulary.name(course.getLevel()),
                course.getProvider(),
                why(hit.getExplanation())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], Math.min(MAX_WIDTH[i], row[i].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = cut(row[i], MAX_WIDTH[i]);
                boolean number = i <= 1; // rank and score align right
                line.append(pad(cell, widths[i], number)).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.append(footer(response).substring(1)).append('\n').toString();
    }

    /**
     * Why a hit matched, e.g. "dense #2 (0.61), bm25 #1 (7.3); terms: kubernet, pod; competencies: 598de5b0…
     * (explicit)".
     */
    static String why(HitExplanation explanation) {
        List<String> parts = new ArrayList<>();
        List<String> ranks = new ArrayList<>();
        if (explanation.getDenseRank() > 0) {
            ranks.add(String.format(Locale.ROOT, "dense #%d (%.2f)", explanation.getDenseRank(),
                    explanation.getDenseSimilarity()));
        }
        if (explanation.getLexicalRank() > 0) {
            ranks.add(String.format(Locale.ROOT, "bm25 #%d (%.1f)", explanation.getLexicalRank(),
                    explanation.getLexicalScore()));
        }
        if (!ranks.isEmpty()) {
            parts.add(String.join(", ", ranks));
        }
        if (explanation.getMatchedTermsCount() > 0) {
            parts.add("terms: " + String.join(", ", explanation.getMatchedTermsList()));
        }
        if (explanation.getCompetencyMatchesCount() > 0) {
            List<String> matches = new ArrayList<>();
            for (CompetencyMatch match : explanation.getCompetencyMatchesList()) {
                matches.add(shortId(match.getCompetencyId()) + (match.getExplicitMatch() ? " (explicit)"
                        : String.format(Locale.ROOT, " (inferred %.2f)", match.getSimilarity())));
            }
            parts.add("competencies: " + String.join(", ", matches));
        }
        return String.join("; ", parts);
    }

    /**
     * A competency id short enough for a table cell: the last path segment of a URI (ESCO ids are
     * {@code http://data.europa.eu/esco/skill/<uuid>}), cut to 8 characters and an ellipsis when longer than 12.
     */
    static String shortId(String id) {
        String tail = id.endsWith("/") ? id : id.substring(id.lastIndexOf('/') + 1);
        return tail.length() > 12 ? tail.substring(0, 8) + "…" : tail;
    }

    private static String footer(SearchCoursesResponse response) {
        StringBuilder footer = new StringBuilder();
        int hits = response.getHitsCount();
        footer.append(String.format(Locale.ROOT, " (%d %s", hits, hits == 1 ? "hit" : "hits"));
        String mode = CourseVocabulary.name(response.getMode());
        if (!mode.isEmpty()) {
            footer.append(", mode ").append(mode);
        }
        if (response.hasMeta()) {
            Timing timing = response.getMeta().getTiming();
            footer.append(String.format(Locale.ROOT, ", %.1f ms on the server", timing.getTotalMicros() / 1000.0));
            if (!response.getMeta().getModel().getName().isEmpty()) {
                footer.append(", index ").append(response.getMeta().getModel().getName())
                        .append(' ').append(response.getMeta().getModel().getVersion());
            }
        }
        return footer.append(')').toString();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }
}
