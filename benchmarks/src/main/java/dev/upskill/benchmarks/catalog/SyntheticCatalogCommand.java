package dev.upskill.benchmarks.catalog;

import com.google.protobuf.util.JsonFormat;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

/** The command line of {@link SyntheticCatalog#main}: writes a synthetic catalog as JSON lines. */
@Command(name = "synthetic-catalog", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Writes N synthetic courses as JSON lines (one proto3 JSON upskill.v1.Course per line), for "
                    + "`bin/upskill catalog import FILE --tenant T`. The same seed and framework give the same file.",
            "Example: java -cp benchmarks/target/benchmarks.jar dev.upskill.benchmarks.catalog.SyntheticCatalog "
                    + "--count 100000 --seed 1 --out /tmp/c100k.jsonl"
        })
final class SyntheticCatalogCommand implements Callable<Integer> {

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of courses, 1 to 10,000,000.")
    private long count;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "File to write (default: standard output).")
    private Path out;

    @Option(names = "--framework", paramLabel = "FILE",
            description = "Competency framework, JSON lines of upskill.v1.Competency (default: the demo framework, "
                    + "from the classpath or inference-server/src/main/resources/dev/upskill/inference/demo/"
                    + "framework.jsonl).")
    private Path framework;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > 10_000_000) {
            throw new ParameterException(spec.commandLine(), "--count must be 1 to 10,000,000, not " + count);
        }
        List<Competency> competencies = DemoFramework.load(framework);
        SyntheticCatalog catalog = new SyntheticCatalog(competencies, seed);
        JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        long start = System.nanoTime();
        try (Writer writer = out == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            Iterator<Course> courses = catalog.courses(count).iterator();
            while (courses.hasNext()) {
                printer.appendTo(courses.next(), writer);
                writer.write('\n');
            }
        }
        System.err.printf("wrote %,d courses (seed %d, %d competencies) to %s in %.1f s%n", count, seed,
                competencies.size(), out == null ? "standard output" : out, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
