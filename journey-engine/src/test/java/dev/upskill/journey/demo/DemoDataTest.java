package dev.upskill.journey.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.data.CourseCatalog;
import dev.upskill.journey.esco.EscoImport;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The demo company's packaged data fits together: no Spring, no database. */
class DemoDataTest {

    private final ObjectMapper json = new ObjectMapper();

    private Set<String> column(String file, String column) throws Exception {
        Set<String> values = new HashSet<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("demo/esco/" + file)) {
            assertThat(in).as(file).isNotNull();
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                values.add(r.get(column));
            }
        }
        return values;
    }

    @Test
    void everyCourseIsTaggedWithSkillsOfTheEscoSubset() throws Exception {
        Set<String> skills = new HashSet<>();
        column("skills_en.csv", "conceptUri").forEach(uri -> skills.add(EscoImport.idOf(uri)));
        List<CourseCatalog.Course> courses = new DemoCompany(null, null, null, null, null, null, null, null, null,
                null, json).catalog();

        assertThat(courses).hasSize(300);
        assertThat(courses).allSatisfy(c -> {
            assertThat(skills).containsAll(c.competencyIds());
            assertThat(CourseCatalog.LEVELS).contains(c.level());
            assertThat(CourseCatalog.FORMATS).contains(c.format());
        });
        assertThat(skills).contains(DemoCompany.SQL, DemoCompany.PYTHON, DemoCompany.INTERPRET_DATA,
                DemoCompany.COMMUNICATION, DemoCompany.CUSTOMERS, DemoCompany.PROJECT_MANAGEMENT,
                DemoCompany.STAKEHOLDERS);
    }

    @Test
    void theStarterBankHasQuestionsForTheTeamRequirements() throws Exception {
        Set<String> names = new HashSet<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("question-bank/starter.json")) {
            for (JsonNode c : json.readTree(in).path("competencies")) {
                c.path("names").forEach(n -> names.add(n.asText().strip().toLowerCase()));
            }
        }
        // The preferred labels of the competencies the demo teams require (DemoCompany.run).
        assertThat(names).contains("sql", "interpret current data", "python (computer programming)",
                "communication", "project management");
        assertThat(column("occupations_en.csv", "conceptUri")).hasSize(4);
    }
}
