package dev.upskill.client.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.client.CatalogClient;
import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import dev.upskill.proto.v1.SearchMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code upskill catalog search "query" --tenant T}: the best courses for a text, under filters. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Searches a tenant's courses by text and prints the best ones: rank, score, id, title, level, provider "
                    + "and why each matched (dense and BM25 ranks, query terms found, filter competencies), or "
                    + "the whole response as JSON.",
            "Filters combine with AND; the values of one repeated filter with OR."
        })
final class CatalogSearchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "QUERY",
            description = "What to look for, e.g. \"negotiation with difficult stakeholders\".")
    private String query;

    @Mixin
    private TenantOption tenant;

    @Option(names = {"-k", "--top-k"}, defaultValue = "10", paramLabel = "K",
            description = "Number of courses to return, 1 to the server's limit (100 by default). "
                    + "Default: ${DEFAULT-VALUE}.")
    private int topK;

    @Option(names = "--level", paramLabel = "LEVEL", converter = VocabularyConverters.LevelConverter.class,
            description = "Only courses of this level: beginner, intermediate, advanced, expert, or unspecified "
                    + "(courses of unknown level). Repeatable.")
    private List<Level> levels = List.of();

    @Option(names = "--competency", paramLabel = "ID",
            description = "Only courses with this competency, explicit or inferred. Repeatable.")
    private List<String> competencies = List.of();

    @Option(names = "--language", paramLabel = "TAG",
            description = "Only courses in this language (BCP 47; \"en\" also matches \"en-GB\"). Repeatable.")
    private List<String> languages = List.of();

    @Option(names = "--provider", paramLabel = "NAME",
            description = "Only courses of this provider (case-insensitive). Repeatable.")
    private List<String> providers = List.of();

    @Option(names = "--format", paramLabel = "FORMAT", converter = VocabularyConverters.FormatConverter.class,
            description = "Only courses of this format: course, video, article, workshop, book, podcast, webinar, "
                    + "mentoring, other. Repeatable.")
    private List<CourseFormat> formats = List.of();

    @Option(names = "--max-duration", paramLabel = "MINUTES",
            description = "Only courses of known duration up to this many minutes.")
    private Integer maxDuration;

    @Option(names = "--exclude", paramLabel = "ID", description = "Never return this course. Repeatable.")
    private List<String> excluded = List.of();

    @Option(names = "--mode", paramLabel = "MODE", converter = VocabularyConverters.ModeConverter.class,
            description = "hybrid (dense + BM25, the server's default), dense or lexical (BM25 only; Lucene backend).")
    private SearchMode mode;

    @Option(names = "--json", description = "Print the response as proto3 JSON instead of a table.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final UpskillCommand root;

    CatalogSearchCommand(UpskillCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws InvalidProtocolBufferException {
        SearchCoursesRequest request = request();
        try (Connection connection = root.connect(UpskillCommand.DEFAULT_DEADLINE, spec)) {
            SearchCoursesResponse response =
                    new CatalogClient(connection.channel(), connection.deadline()).search(request);
            root.console().out().print(json ? JsonFormat.printer().print(response) + "\n" : HitTable.render(response));
            return ExitCodes.OK;
        }
    }

    /** The request the options describe. */
    SearchCoursesRequest request() {
        if (query.isBlank()) {
            throw new ParameterException(spec.commandLine(), "QUERY must not be blank");
        }
        if (topK < 1) {
            throw new ParameterException(spec.commandLine(), "--top-k must be at least 1, not " + topK);
        }
        if (maxDuration != null && maxDuration < 0) {
            throw new ParameterException(spec.commandLine(), "--max-duration must not be negative");
        }
        CourseFilter.Builder filter = CourseFilter.newBuilder()
                .addAllCompetencyIds(competencies)
                .addAllLevels(levels)
                .addAllLanguages(languages)
                .addAllProviders(providers)
                .addAllFormats(formats)
                .addAllExcludeCourseIds(excluded);
        if (maxDuration != null) {
            filter.setMaxDurationMinutes(maxDuration);
        }
        SearchCoursesRequest.Builder request = SearchCoursesRequest.newBuilder()
                .setTenantId(tenant.tenant())
                .setText(query)
                .setTopK(topK);
        if (!filter.build().equals(CourseFilter.getDefaultInstance())) {
            request.setFilter(filter);
        }
        if (mode != null) {
            request.setMode(mode);
        }
        return request.build();
    }
}
