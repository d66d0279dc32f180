package dev.upskill.client.cli;

import dev.upskill.client.catalog.CourseVocabulary;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.SearchMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.function.Function;

/** Picocli converters for the short enum names of {@link CourseVocabulary} ({@code --level beginner}). */
final class VocabularyConverters {

    private VocabularyConverters() {
    }

    /** {@code --level}: beginner, intermediate, advanced, expert, or unspecified for courses of unknown level. */
    static final class LevelConverter implements ITypeConverter<Level> {
        @Override
        public Level convert(String value) {
            return "unspecified".equalsIgnoreCase(value)
                    ? Level.LEVEL_UNSPECIFIED
                    : nonBlank(value, CourseVocabulary::level);
        }
    }

    /** {@code --format}: course, video, ... */
    static final class FormatConverter implements ITypeConverter<CourseFormat> {
        @Override
        public CourseFormat convert(String value) {
            return nonBlank(value, CourseVocabulary::format);
        }
    }

    /** {@code --mode}: hybrid, dense, lexical. */
    static final class ModeConverter implements ITypeConverter<SearchMode> {
        @Override
        public SearchMode convert(String value) {
            return nonBlank(value, CourseVocabulary::mode);
        }
    }

    // Blank means "unspecified" in a CSV cell, but on the command line it is a mistake.
    private static <E> E nonBlank(String value, Function<String, E> parse) {
        if (value.isBlank()) {
            throw new TypeConversionException("a value is required");
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
