package dev.upskill.inference.catalog;

import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The conditions of a search, normalised the way the backends index courses (languages and providers
 * lower-cased). All set conditions must hold; within one set any value may match; an empty set does not filter.
 *
 * @param languages BCP 47 tags; a tag without a region also matches its regional variants
 * @param maxDurationMinutes when present, the course's duration must be known (> 0) and at most this
 */
public record SearchFilter(Set<String> competencyIds, Set<Level> levels, Set<String> languages,
                           Set<String> providers, OptionalInt maxDurationMinutes, Set<CourseFormat> formats,
                           Set<String> excludedCourseIds) {

    private static final SearchFilter NONE =
            new SearchFilter(Set.of(), Set.of(), Set.of(), Set.of(), OptionalInt.empty(), Set.of(), Set.of());

    public SearchFilter {
        competencyIds = Set.copyOf(competencyIds);
        levels = Set.copyOf(levels);
        languages = Set.copyOf(languages);
        providers = Set.copyOf(providers);
        formats = Set.copyOf(formats);
        excludedCourseIds = Set.copyOf(excludedCourseIds);
    }

    public static SearchFilter none() {
        return NONE;
    }

    /** The filter of a request (already validated). */
    public static SearchFilter of(CourseFilter filter) {
        return new SearchFilter(
                Set.copyOf(filter.getCompetencyIdsList()),
                Set.copyOf(filter.getLevelsList()),
                filter.getLanguagesList().stream().map(SearchFilter::lower).collect(Collectors.toSet()),
                filter.getProvidersList().stream().map(SearchFilter::lower).collect(Collectors.toSet()),
                filter.hasMaxDurationMinutes() ? OptionalInt.of(filter.getMaxDurationMinutes()) : OptionalInt.empty(),
                Set.copyOf(filter.getFormatsList()),
                Set.copyOf(filter.getExcludeCourseIdsList()));
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
