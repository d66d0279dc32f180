package dev.upskill.client.catalog;

import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.SearchMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CourseVocabularyTest {

    @Test
    void shortAndFullNamesInAnyCaseParse() {
        assertEquals(Level.LEVEL_EXPERT, CourseVocabulary.level(" Expert "));
        assertEquals(Level.LEVEL_EXPERT, CourseVocabulary.level("LEVEL_EXPERT"));
        assertEquals(Level.LEVEL_UNSPECIFIED, CourseVocabulary.level(""));
        assertEquals(CourseFormat.COURSE_FORMAT_MENTORING, CourseVocabulary.format("mentoring"));
        assertEquals(SearchMode.SEARCH_MODE_LEXICAL, CourseVocabulary.mode("lexical"));
    }

    @Test
    void unknownNamesAndProtobufPlaceholdersAreRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CourseVocabulary.level("guru"));
        assertEquals("level 'guru' is not one of beginner, intermediate, advanced, expert (or empty)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CourseVocabulary.level("unrecognized"));
        assertThrows(IllegalArgumentException.class, () -> CourseVocabulary.format("unspecified"));
    }

    @Test
    void namesAreShortAndLowerCase() {
        assertEquals("beginner", CourseVocabulary.name(Level.LEVEL_BEGINNER));
        assertEquals("", CourseVocabulary.name(Level.LEVEL_UNSPECIFIED));
        assertEquals("webinar", CourseVocabulary.name(CourseFormat.COURSE_FORMAT_WEBINAR));
        assertEquals("hybrid, dense, lexical", CourseVocabulary.names(SearchMode.class));
    }
}
