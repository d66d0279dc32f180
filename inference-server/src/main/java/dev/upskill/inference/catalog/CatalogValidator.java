package dev.upskill.inference.catalog;

import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;
import dev.upskill.inference.rpc.Statuses;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks catalog requests against catalog.proto's documented ranges and the configured limits. */
final class CatalogValidator {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** BCP 47 in the shape catalogs use: a 2-3 letter language, then subtags ("en", "de-CH", "zh-Hant-TW"). */
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");
    private static final int MAX_ID_CHARS = 128;
    private static final int MAX_NAME_CHARS = 500;
    private static final int MAX_PROVIDER_CHARS = 200;
    private static final int MAX_URL_CHARS = 2048;
    private static final int MAX_DURATION = 100_000;
    private static final int MAX_EXPLICIT_COMPETENCIES = 50;
    static final int MAX_FILTER_COMPETENCIES = 100;
    static final int MAX_FILTER_LANGUAGES = 20;
    static final int MAX_FILTER_PROVIDERS = 100;

    private final CatalogLimits limits;

    CatalogValidator(CatalogLimits limits) {
        this.limits = limits;
    }

    /** The tenant id, or INVALID_ARGUMENT naming {@code field}. */
    static String tenant(String tenantId, String field) {
        if (tenantId.isEmpty()) {
            throw Statuses.invalidArgument(field, "is required");
        }
        if (!TENANT.matcher(tenantId).matches()) {
            throw Statuses.invalidArgument(field, "must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        return tenantId;
    }

    /** The first problem of a course, if any. */
    Optional<FieldError> check(Course course) {
        Optional<FieldError> error = id("id", course.getId())
                .or(() -> text("title", course.getTitle(), MAX_NAME_CHARS, true))
                .or(() -> text("description", course.getDescription(), limits.maxTextChars(), false))
                .or(() -> text("provider", course.getProvider(), MAX_PROVIDER_CHARS, false))
                .or(() -> url(course.getUrl()))
                .or(() -> language("language", course.getLanguage()))
                .or(() -> course.getLevel() == Level.UNRECOGNIZED
                        ? error("level", "unknown level " + course.getLevelValue()) : Optional.empty())
                .or(() -> course.getFormat() == CourseFormat.UNRECOGNIZED
                        ? error("format", "unknown format " + course.getFormatValue()) : Optional.empty())
                .or(() -> course.getDurationMinutes() < 0 || course.getDurationMinutes() > MAX_DURATION
                        ? error("duration_minutes", "must be 0 to " + MAX_DURATION) : Optional.empty())
                .or(() -> course.getCompetencyIdsCount() > MAX_EXPLICIT_COMPETENCIES
                        ? error("competency_ids", "at most " + MAX_EXPLICIT_COMPETENCIES + " ids")
                        : Optional.empty())
                .or(() -> ids("competency_ids", course.getCompetencyIdsList()))
                .or(() -> rating(course));
        return error;
    }

    /** The first problem of a competency, if any. */
    Optional<FieldError> check(Competency competency) {
        return id("id", competency.getId())
                .or(() -> text("name", competency.getName(), MAX_NAME_CHARS, true))
                .or(() -> text("description", competency.getDescription(), limits.maxTextChars(), false))
                .or(() -> competency.getParentId().isEmpty() ? Optional.empty()
                        : id("parent_id", competency.getParentId()));
    }

    /** Throws INVALID_ARGUMENT for a query text that is blank or too long. */
    void checkQueryText(String text, String field) {
        text(field, text, limits.maxTextChars(), true).ifPresent(e -> {
            throw Statuses.invalidArgument(e.field(), e.message());
        });
    }

    /** Throws INVALID_ARGUMENT for a filter outside its ranges; fields are named under {@code field}. */
    void checkFilter(CourseFilter filter, String field) {
        count(field + ".competency_ids", filter.getCompetencyIdsCount(), MAX_FILTER_COMPETENCIES);
        count(field + ".languages", filter.getLanguagesCount(), MAX_FILTER_LANGUAGES);
        count(field + ".providers", filter.getProvidersCount(), MAX_FILTER_PROVIDERS);
        count(field + ".exclude_course_ids", filter.getExcludeCourseIdsCount(), limits.maxIds());
        for (int i = 0; i < filter.getLanguagesCount(); i++) {
            int index = i;
            language(field + ".languages[" + i + "]", filter.getLanguages(i)).ifPresent(e -> {
                throw Statuses.invalidArgument(field + ".languages[" + index + "]", e.message());
            });
        }
        for (int i = 0; i < filter.getLevelsCount(); i++) {
            if (filter.getLevels(i) == Level.UNRECOGNIZED) {
                throw Statuses.invalidArgument(field + ".levels[" + i + "]", "unknown level "
                        + filter.getLevelsValue(i));
            }
        }
        for (int i = 0; i < filter.getFormatsCount(); i++) {
            if (filter.getFormats(i) == CourseFormat.UNRECOGNIZED) {
                throw Statuses.invalidArgument(field + ".formats[" + i + "]", "unknown format "
                        + filter.getFormatsValue(i));
            }
        }
        if (filter.hasMaxDurationMinutes() && filter.getMaxDurationMinutes() < 0) {
            throw Statuses.invalidArgument(field + ".max_duration_minutes", "must be >= 0");
        }
        blankIds(field + ".competency_ids", filter.getCompetencyIdsList());
        blankIds(field + ".exclude_course_ids", filter.getExcludeCourseIdsList());
    }

    static void count(String field, int count, int max) {
        if (count > max) {
            throw Statuses.invalidArgument(field, count + " values; the limit is " + max);
        }
    }

    static void blankIds(String field, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).isBlank()) {
                throw Statuses.invalidArgument(field + "[" + i + "]", "is blank");
            }
        }
    }

    private static Optional<FieldError> id(String field, String id) {
        if (id.isBlank()) {
            return error(field, "is blank");
        }
        if (id.length() > MAX_ID_CHARS) {
            return error(field, "is " + id.length() + " characters; the limit is " + MAX_ID_CHARS);
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return error(field, "contains a control character at " + i);
            }
        }
        return Optional.empty();
    }

    private static Optional<FieldError> ids(String field, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            Optional<FieldError> error = id(field + "[" + i + "]", ids.get(i));
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }

    private static Optional<FieldError> text(String field, String text, int max, boolean required) {
        if (required && text.isBlank()) {
            return error(field, "is blank");
        }
        if (text.length() > max) {
            return error(field, "is " + text.length() + " characters; the limit is " + max);
        }
        return Optional.empty();
    }

    private static Optional<FieldError> url(String url) {
        if (url.isEmpty()) {
            return Optional.empty();
        }
        if (url.length() > MAX_URL_CHARS) {
            return error("url", "is " + url.length() + " characters; the limit is " + MAX_URL_CHARS);
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                return error("url", "must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            return error("url", "is not a URL: " + e.getReason());
        }
        return Optional.empty();
    }

    private static Optional<FieldError> language(String field, String tag) {
        if (tag.isEmpty() || LANGUAGE.matcher(tag).matches()) {
            return Optional.empty();
        }
        return error(field, "'" + tag + "' is not a BCP 47 language tag such as en, de-CH");
    }

    private static Optional<FieldError> rating(Course course) {
        if (course.hasRating()) {
            float rating = course.getRating();
            if (!(rating >= 0 && rating <= 5)) {
                return error("rating", "must be 0 to 5");
            }
        }
        if (course.getRatingCount() < 0) {
            return error("rating_count", "must be >= 0");
        }
        if (!course.hasRating() && course.getRatingCount() != 0) {
            return error("rating_count", "must be 0 when rating is unset");
        }
        return Optional.empty();
    }

    private static Optional<FieldError> error(String field, String message) {
        return Optional.of(new FieldError(field, message));
    }
}
