package dev.upskill.client.cli;

import dev.upskill.client.CatalogClient;
import dev.upskill.client.FrameworkUpdate;
import dev.upskill.client.catalog.CourseFileFormat;
import dev.upskill.client.catalog.JsonLinesReader;
import dev.upskill.client.catalog.MalformedFileException;
import dev.upskill.client.catalog.Parsed;
import dev.upskill.client.catalog.RecordReader;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseError;
import dev.upskill.proto.v1.UpsertCompetenciesResponse;
import dev.upskill.proto.v1.UpsertCoursesResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code upskill catalog import FILE --tenant T}: uploads courses, or a competency framework, from a file. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Uploads courses to a tenant's catalog, or with --competencies a competency framework.",
            "",
            "FILE holds courses as JSON lines (one proto3 JSON upskill.v1.Course per line, as JsonFormat prints it; "
                    + "any name not ending in .csv) or as CSV (a name ending in .csv) with a header line of",
            "  id,title,description,provider,url,language,level,duration_minutes,format,competency_ids,rating,"
                    + "rating_count",
            "in any order; id and title are required, the others optional. level: beginner, intermediate, advanced, "
                    + "expert or empty. format: course, video, article, workshop, book, podcast, webinar, mentoring, "
                    + "other or empty. competency_ids: separated by ';'. rating: empty for none. UTF-8.",
            "",
            "Bad lines: a course that cannot be read (bad JSON, an unknown level, a number that is not one) is "
                    + "SKIPPED and reported with its line number; the other courses are imported and the exit "
                    + "code is 3. Courses the server rejects (a blank title, a rating above 5) are reported the "
                    + "same way. A CSV file that cannot be parsed past some line (an unterminated quote, a bad "
                    + "header) is rejected before anything is sent (exit code 1).",
            "With --competencies (JSON lines of upskill.v1.Competency) any bad line STOPS the import before "
                    + "anything is sent (exit code 1): the server applies a framework update all or nothing, and "
                    + "a skipped competency may be another one's parent.",
            "",
            "Records are counted in a first pass; progress (percentage, count, rate, ETA) goes to stderr and the "
                    + "summary to stdout. The upload is one call: its deadline defaults to 3600 s."
        })
final class CatalogImportCommand implements Callable<Integer> {

    /** The deadline of an import when {@code --deadline-seconds} is not given: the whole upload is one call. */
    static final Duration IMPORT_DEADLINE = Duration.ofHours(1);
    // Enough to find and fix a pattern of bad lines; all of them are counted.
    private static final int REPORTED_ERRORS = 20;

    @Parameters(paramLabel = "FILE", description = "The file to import.")
    private Path file;

    @Mixin
    private TenantOption tenant;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
            description = "Records per stream message, 1 to 256 (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--format", paramLabel = "jsonl|csv", converter = FileFormatConverter.class,
            description = "The file's format; by default CSV for a name ending in .csv, JSON lines otherwise.")
    private CourseFileFormat format;

    @Option(names = "--competencies",
            description = "FILE is JSON lines of upskill.v1.Competency: update the tenant's competency framework.")
    private boolean competencies;

    @Option(names = "--replace-framework",
            description = "With --competencies: delete the tenant's competencies that are not in FILE.")
    private boolean replaceFramework;

    @Option(names = "--retag-courses",
            description = "With --competencies: re-tag all of the tenant's courses against the new framework.")
    private boolean retagCourses;

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    private boolean noProgress;

    @Spec
    private CommandSpec spec;

    private final UpskillCommand root;

    CatalogImportCommand(UpskillCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws IOException {
        checkArguments();
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure("no such file: " + file, null);
        }
        return competencies ? importCompetencies() : importCourses();
    }

    private void checkArguments() {
        if (batchSize < 1 || batchSize > CatalogClient.MAX_BATCH_SIZE) {
            throw new ParameterException(spec.commandLine(),
                    "--batch-size must be 1 to " + CatalogClient.MAX_BATCH_SIZE + ", not " + batchSize);
        }
        if (!competencies && (replaceFramework || retagCourses)) {
            throw new ParameterException(spec.commandLine(),
                    "--replace-framework and --retag-courses apply to --competencies only");
        }
        if (competencies && format == CourseFileFormat.CSV) {
            throw new ParameterException(spec.commandLine(), "--competencies reads JSON lines only, not CSV");
        }
    }

    private int importCourses() throws IOException {
        PrintStream out = root.console().out();
        CourseFileFormat fileFormat = format != null ? format : CourseFileFormat.of(file);
        long total;
        try {
            total = fileFormat.countRecords(file);
        } catch (MalformedFileException e) {
            throw new CommandFailure(file + ": " + e.getMessage() + "; nothing was sent", e);
        }
        if (total == 0) {
            out.println("nothing to import: " + file + " holds no courses");
            return ExitCodes.OK;
        }
        try (RecordReader<Course> reader = fileFormat.open(file);
                Connection connection = root.connect(IMPORT_DEADLINE, spec)) {
            ValidRecords<Course> courses = new ValidRecords<>(reader, REPORTED_ERRORS);
            if (!courses.hasNext()) {
                out.println("nothing imported: none of the " + total + " records of " + file + " could be read");
                printInvalid(out, courses);
                return ExitCodes.PARTIAL;
            }
            ProgressBar bar = progressBar(total, "courses");
            CatalogClient client = new CatalogClient(connection.channel(), connection.deadline());
            UpsertCoursesResponse response;
            try {
                response = client.upsertCourses(tenant.tenant(), courses, batchSize,
                        sent -> bar.update(sent + courses.invalidCount()));
            } catch (RuntimeException e) {
                bar.abandon();
                throw e;
            }
            bar.finish(response.getReceived() + courses.invalidCount());
            printSummary(out, response, courses, bar.elapsed());
            return courses.invalidCount() > 0 || response.getFailed() > 0 ? ExitCodes.PARTIAL : ExitCodes.OK;
        } catch (MalformedFileException e) {
            throw new CommandFailure(file + ": " + e.getMessage() + "; the upload was cancelled (courses sent "
                    + "before may be stored; importing the file again is safe)", e);
        }
    }

    private void printSummary(PrintStream out, UpsertCoursesResponse response, ValidRecords<Course> courses,
            Duration elapsed) {
        out.printf(Locale.ROOT, "imported %,d courses into tenant %s in %s: %,d created, %,d updated, %,d unchanged, "
                        + "%,d failed; the catalog now has %,d courses%n",
                response.getReceived(), tenant.tenant(), seconds(elapsed), response.getCreated(),
                response.getUpdated(), response.getUnchanged(), response.getFailed(), response.getCatalogSize());
        printInvalid(out, courses);
        if (response.getFailed() > 0) {
            out.printf(Locale.ROOT, "the server rejected %,d courses:%n", response.getFailed());
            List<CourseError> errors = response.getErrorsList();
            for (CourseError error : errors.subList(0, Math.min(REPORTED_ERRORS, errors.size()))) {
                long line = courses.lineOf(error.getPosition());
                out.printf(Locale.ROOT, "  line %d (id %s): %s%s%n", line, error.getCourseId(),
                        error.getField().isEmpty() ? "" : error.getField() + ": ", error.getMessage());
            }
            if (response.getFailed() > REPORTED_ERRORS) {
                out.printf(Locale.ROOT, "  ... and %,d more%n", response.getFailed() - REPORTED_ERRORS);
            }
        }
    }

    private static void printInvalid(PrintStream out, ValidRecords<?> records) {
        if (records.invalidCount() == 0) {
            return;
        }
        out.printf(Locale.ROOT, "skipped %,d lines that could not be read:%n", records.invalidCount());
        for (Parsed.Invalid<?> bad : records.firstInvalid()) {
            out.println("  " + bad);
        }
        if (records.invalidCount() > records.firstInvalid().size()) {
            out.printf(Locale.ROOT, "  ... and %,d more%n", records.invalidCount() - records.firstInvalid().size());
        }
    }

    private int importCompetencies() throws IOException {
        PrintStream out = root.console().out();
        // Read whole (a framework is thousands of lines, not millions): nothing may be sent if any line is bad.
        List<Competency> framework = new ArrayList<>();
        List<Parsed.Invalid<Competency>> bad = new ArrayList<>();
        long badCount = 0;
        try (RecordReader<Competency> reader = JsonLinesReader.competencies(file)) {
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case Parsed.Valid<Competency> valid -> framework.add(valid.value());
                    case Parsed.Invalid<Competency> invalid -> {
                        badCount++;
                        if (bad.size() < REPORTED_ERRORS) {
                            bad.add(invalid);
                        }
                    }
                }
            }
        } catch (MalformedFileException e) {
            throw new CommandFailure(file + ": " + e.getMessage() + "; nothing was sent", e);
        }
        if (badCount > 0) {
            out.printf(Locale.ROOT, "nothing imported: %,d lines of %s could not be read (a framework update is "
                    + "applied all or nothing):%n", badCount, file);
            bad.forEach(invalid -> out.println("  " + invalid));
            if (badCount > bad.size()) {
                out.printf(Locale.ROOT, "  ... and %,d more%n", badCount - bad.size());
            }
            return ExitCodes.FAILED;
        }
        if (framework.isEmpty()) {
            out.println("nothing to import: " + file + " holds no competencies");
            return ExitCodes.OK;
        }
        try (Connection connection = root.connect(IMPORT_DEADLINE, spec)) {
            ProgressBar bar = progressBar(framework.size(), "competencies");
            CatalogClient client = new CatalogClient(connection.channel(), connection.deadline());
            UpsertCompetenciesResponse response;
            try {
                response = client.upsertCompetencies(tenant.tenant(), framework.iterator(), batchSize,
                        new FrameworkUpdate(replaceFramework, retagCourses), bar::update);
            } catch (RuntimeException e) {
                bar.abandon();
                throw e;
            }
            bar.finish(response.getReceived());
            out.printf(Locale.ROOT, "imported %,d competencies into tenant %s in %s: %,d created, %,d updated, "
                            + "%,d unchanged, %,d deleted; %,d courses re-tagged; the framework now has %,d "
                            + "competencies%n",
                    response.getReceived(), tenant.tenant(), seconds(bar.elapsed()), response.getCreated(),
                    response.getUpdated(), response.getUnchanged(), response.getDeleted(),
                    response.getCoursesRetagged(), response.getFrameworkSize());
            return ExitCodes.OK;
        }
    }

    private ProgressBar progressBar(long total, String unit) {
        return ProgressBar.on(root.console(), total, unit, noProgress);
    }

    private static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }

    /** Reads {@code --format}. */
    static final class FileFormatConverter implements ITypeConverter<CourseFileFormat> {
        @Override
        public CourseFileFormat convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "jsonl", "json" -> CourseFileFormat.JSON_LINES;
                case "csv" -> CourseFileFormat.CSV;
                default -> throw new TypeConversionException("'" + value + "' is not jsonl or csv");
            };
        }
    }
}
