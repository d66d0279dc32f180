package dev.upskill.client.catalog;

import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.SearchMode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The short lower-case names people write for proto enum values, in CSV files and on the command line:
 * {@code beginner} for {@code LEVEL_BEGINNER}, {@code video} for {@code COURSE_FORMAT_VIDEO}, {@code lexical}
 * for {@code SEARCH_MODE_LEXICAL}. Parsing is case-insensitive and also accepts the full proto name.
 */
public final class CourseVocabulary {

    private CourseVocabulary() {
    }

    /** The level named {@code name}; blank means {@link Level#LEVEL_UNSPECIFIED}. */
    public static Level level(String name) {
        return parse(Level.class, name, Level.LEVEL_UNSPECIFIED, "level");
    }

    /** The format named {@code name}; blank means {@link CourseFormat#COURSE_FORMAT_UNSPECIFIED}. */
    public static CourseFormat format(String name) {
        return parse(CourseFormat.class, name, CourseFormat.COURSE_FORMAT_UNSPECIFIED, "format");
    }

    /** The search mode named {@code name}; blank means {@link SearchMode#SEARCH_MODE_UNSPECIFIED}. */
    public static SearchMode mode(String name) {
        return parse(SearchMode.class, name, SearchMode.SEARCH_MODE_UNSPECIFIED, "mode");
    }

    /** The short name of a level, e.g. "beginner"; "" for unspecified. */
    public static String name(Level level) {
        return shortName(level);
    }

    /** The short name of a format, e.g. "video"; "" for unspecified. */
    public static String name(CourseFormat format) {
        return shortName(format);
    }

    /** The short name of a search mode, e.g. "hybrid"; "" for unspecified. */
    public static String name(SearchMode mode) {
        return shortName(mode);
    }

    /** The accepted short names of an enum, comma-separated, for help texts and error messages. */
    public static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(CourseVocabulary::shortName)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.joining(", "));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, E unspecified, String what) {
        String prefix = prefix(type);
        String wanted = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return unspecified;
        }
        for (E value : type.getEnumConstants()) {
            String constant = value.name();
            // UNRECOGNIZED is protobuf's stand-in for unknown wire values, never a name to accept.
            if (value == unspecified || constant.equals("UNRECOGNIZED")) {
                continue;
            }
            if (constant.equals(wanted) || constant.equals(prefix + wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException(
                what + " '" + name.strip() + "' is not one of " + names(type) + " (or empty)");
    }

    private static String shortName(Enum<?> value) {
        String constant = value.name();
        if (constant.equals("UNRECOGNIZED") || constant.endsWith("_UNSPECIFIED")) {
            return "";
        }
        return constant.substring(prefix(value.getDeclaringClass()).length()).toLowerCase(Locale.ROOT);
    }

    // The proto enums prefix every value with the enum's name (proto3 style), which people do not type.
    private static String prefix(Class<?> type) {
        if (type == Level.class) {
            return "LEVEL_";
        }
        if (type == CourseFormat.class) {
            return "COURSE_FORMAT_";
        }
        if (type == SearchMode.class) {
            return "SEARCH_MODE_";
        }
        throw new IllegalArgumentException("no short names for " + type.getName());
    }
}
