package dev.upskill.inference.catalog;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The demo company: an ESCO-based competency framework and a catalog written for the project, shipped as JSON
 * lines on the classpath and loaded into tenant {@value #TENANT} when its catalog is empty.
 */
public final class DemoCatalog {

    public static final String TENANT = "demo";
    static final String FRAMEWORK = "/dev/upskill/inference/demo/framework.jsonl";
    static final String COURSES = "/dev/upskill/inference/demo/catalog.jsonl";

    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

    private DemoCatalog() {
    }

    /** Loads the demo into an empty demo tenant; does nothing when it already has courses. */
    public static void loadIfEmpty(CourseCatalog catalog) {
        if (catalog.index().courseCount(TENANT) > 0) {
            return;
        }
        long start = System.nanoTime();
        List<Competency> framework = framework();
        catalog.updateFramework(TENANT, framework, false, false, CallerBudget.unbounded());
        List<Course> courses = courses();
        int batch = catalog.limits().maxItemsPerMessage();
        int failed = 0;
        for (int from = 0; from < courses.size(); from += batch) {
            CourseCatalog.UpsertCounts counts = catalog.upsertCourses(TENANT,
                    courses.subList(from, Math.min(courses.size(), from + batch)), from, CallerBudget.unbounded());
            failed += counts.errors().size();
            counts.errors().forEach(error -> log.warn("demo course {} not loaded: {} {}", error.getCourseId(),
                    error.getField(), error.getMessage()));
        }
        catalog.index().commit();
        log.info("demo company loaded into tenant '{}': {} competencies, {} courses ({} failed) in {} ms", TENANT,
                framework.size(), courses.size() - failed, failed, (System.nanoTime() - start) / 1_000_000);
    }

    /** The demo company's competency framework (ESCO skills). */
    public static List<Competency> framework() {
        return read(FRAMEWORK, Competency::newBuilder);
    }

    /** The demo company's catalog. */
    public static List<Course> courses() {
        return read(COURSES, Course::newBuilder);
    }

    @SuppressWarnings("unchecked")
    static <T extends Message> List<T> read(String resource, Supplier<? extends Message.Builder> builders) {
        InputStream in = DemoCatalog.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("demo data " + resource + " is missing from the classpath");
        }
        List<T> items = new ArrayList<>();
        JsonFormat.Parser parser = JsonFormat.parser();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Message.Builder builder = builders.get();
                try {
                    parser.merge(line, builder);
                } catch (IOException e) {
                    throw new IllegalStateException(resource + " line " + number + ": " + e.getMessage(), e);
                }
                items.add((T) builder.build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return items;
    }
}
