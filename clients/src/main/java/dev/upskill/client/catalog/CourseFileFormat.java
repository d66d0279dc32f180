package dev.upskill.client.catalog;

import dev.upskill.proto.v1.Course;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats courses are read from. */
public enum CourseFileFormat {

    /** One proto3 JSON {@code Course} per line ({@link JsonLinesReader}). */
    JSON_LINES {
        @Override
        public RecordReader<Course> open(Path file) throws IOException {
            return JsonLinesReader.courses(file);
        }

        @Override
        public long countRecords(Path file) throws IOException {
            return JsonLinesReader.countRecords(file);
        }
    },

    /** CSV with a header line ({@link CourseCsvReader}). */
    CSV {
        @Override
        public RecordReader<Course> open(Path file) throws IOException {
            return CourseCsvReader.open(file);
        }

        @Override
        public long countRecords(Path file) throws IOException {
            return CourseCsvReader.countRecords(file);
        }
    };

    /** CSV for a name ending in {@code .csv} (any case), JSON lines otherwise ({@code .jsonl}, {@code .json}, ...). */
    public static CourseFileFormat of(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSON_LINES;
    }

    /** Opens the file for reading its courses one at a time. */
    public abstract RecordReader<Course> open(Path file) throws IOException;

    /** Counts the file's records (valid or not) in a pass that is cheaper than reading them. */
    public abstract long countRecords(Path file) throws IOException;
}
