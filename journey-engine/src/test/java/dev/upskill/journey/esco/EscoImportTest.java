package dev.upskill.journey.esco;

import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.upskill.proto.v1.ImportEscoRequest;
import dev.upskill.proto.v1.ImportEscoResponse;
import dev.upskill.proto.v1.ImportResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * ImportEsco over gRPC (Netty on loopback) on a real embedded PostgreSQL, with the small ESCO-shaped fixture in
 * {@code src/test/resources/esco} (two occupations, seven skills; see its README).
 */
@Import(JourneyStubs.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscoImportTest {

    private static final Path DATA_DIR = TestDataDirectories.create("esco-");
    private static final String SKILL = "esco:skill/";
    private static final String PROGRAMMING = SKILL + "21d2f96d-35f7-4e3f-9745-c533d2dd6e97";
    private static final String ENGINEERING = SKILL + "209a5498-3449-4689-8ed9-bd08cab4fd78";
    private static final String HASKELL = SKILL + "000f1d3d-220f-4789-9c0a-cc742521fb02";
    private static final String MUSIC_STAFF = SKILL + "0005c151-5b5a-4a66-8aac-60e734beb1ab";
    private static final String SOFTWARE_DEVELOPER = "http://data.europa.eu/esco/occupation/"
            + "f2b15a0e-e65a-438a-affb-29b9d50b77d1";
    private static final String DATA_SCIENTIST = "esco:occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("upskill.journey.data-dir", DATA_DIR::toString);
    }

    @Autowired JourneyStubs stubs;
    @Autowired JdbcClient jdbc;

    private String fixture;

    @BeforeAll
    void findFixture() throws URISyntaxException {
        fixture = Path.of(getClass().getResource("/esco").toURI()).toString();
    }

    private ImportEscoResponse importEsco(String tenant, String... occupations) {
        return stubs.blocking().importEsco(ImportEscoRequest.newBuilder().setTenantId(tenant).setActor("hr-admin")
                .setDirectory(fixture).addAllOccupations(List.of(occupations)).build());
    }

    @Test
    void importsSkillsAsCompetenciesAndOccupationsAsRoles() {
        ImportEscoResponse response = importEsco("esco-full");

        assertThat(response.getCompetencies()).isEqualTo(counts(7, 0, 0));
        assertThat(response.getRoles()).isEqualTo(counts(2, 0, 0));
        assertThat(response.getRequirements()).isEqualTo(7);
        assertThat(response.getDefaultScaleCreated()).isTrue();
        assertThat(response.getEssentialLevel()).isEqualTo(3);
        assertThat(response.getOptionalLevel()).isEqualTo(2);
        assertThat(response.getSource()).isEqualTo("ESCO v1.1.1");

        assertThat(jdbc.sql("""
                SELECT source || ' / ' || version FROM company.competency_framework
                WHERE tenant_id = 'esco-full' AND id = 'esco'""").query(String.class).single())
                .isEqualTo("ESCO v1.1.1 / v1.1.1");
        assertThat(jdbc.sql("SELECT name FROM company.proficiency_level WHERE tenant_id = 'esco-full' ORDER BY level")
                .query(String.class).list()).containsExactly("beginner", "intermediate", "advanced", "expert");
        Map<String, Object> programming = jdbc.sql("""
                SELECT name, parent_id, external_uri, description FROM company.competency
                WHERE tenant_id = 'esco-full' AND id = :id""").param("id", PROGRAMMING).query().singleRow();
        assertThat(programming).containsEntry("name", "computer programming")
                .containsEntry("parent_id", ENGINEERING)
                .containsEntry("external_uri", "http://data.europa.eu/esco/skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97");
        assertThat((String) programming.get("description")).contains("programming paradigms");
        // Its broader concept in the release is a skill group, not a skill of the import: a root.
        assertThat(jdbc.sql("SELECT parent_id FROM company.competency WHERE tenant_id = 'esco-full' AND id = :id")
                .param("id", ENGINEERING).query(String.class).optional()).isEmpty();
        assertThat(requirements("esco-full", "esco:occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"))
                .containsExactlyInAnyOrder(ENGINEERING + " 3 ESSENTIAL", PROGRAMMING + " 3 ESSENTIAL",
                        HASKELL + " 2 OPTIONAL");
        assertThat(requirements("esco-full", DATA_SCIENTIST)).hasSize(4).contains(ENGINEERING + " 2 OPTIONAL");
        assertThat(jdbc.sql("SELECT name FROM company.role WHERE tenant_id = 'esco-full' AND id = :id")
                .param("id", DATA_SCIENTIST).query(String.class).single()).isEqualTo("data scientist");
        assertThat(jdbc.sql("""
                SELECT count(*) FROM company.audit_log WHERE tenant_id = 'esco-full' AND actor = 'hr-admin'""")
                .query(Long.class).single()).isGreaterThanOrEqualTo(7 + 2 + 4 + 1);
    }

    @Test
    void reImportChangesNothing() {
        importEsco("esco-again");
        long audit = auditRows("esco-again");

        ImportEscoResponse again = importEsco("esco-again");

        assertThat(again.getCompetencies()).isEqualTo(counts(0, 0, 7));
        assertThat(again.getRoles()).isEqualTo(counts(0, 0, 2));
        assertThat(again.getDefaultScaleCreated()).isFalse();
        assertThat(auditRows("esco-again")).isEqualTo(audit);
    }

    @Test
    void anExistingScaleIsUsed() {
        jdbc.sql("INSERT INTO company.tenant (id, name) VALUES ('esco-scale', 'Scale')").update();
        for (int level = 1; level <= 5; level++) {
            jdbc.sql("INSERT INTO company.proficiency_level (tenant_id, level, name) VALUES ('esco-scale', :l, :n)")
                    .param("l", level).param("n", "L" + level).update();
        }

        ImportEscoResponse response = importEsco("esco-scale", SOFTWARE_DEVELOPER);

        assertThat(response.getDefaultScaleCreated()).isFalse();
        assertThat(response.getEssentialLevel()).isEqualTo(4);
        assertThat(response.getOptionalLevel()).isEqualTo(3);
        assertThat(requirements("esco-scale", "esco:occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"))
                .contains(HASKELL + " 3 OPTIONAL", PROGRAMMING + " 4 ESSENTIAL");
    }

    @Test
    void oneOccupationImportsOnlyItsSkills() {
        ImportEscoResponse response = importEsco("esco-one", SOFTWARE_DEVELOPER);

        assertThat(response.getRoles()).isEqualTo(counts(1, 0, 0));
        assertThat(response.getCompetencies()).isEqualTo(counts(3, 0, 0));
        assertThat(jdbc.sql("SELECT id FROM company.competency WHERE tenant_id = 'esco-one'")
                .query(String.class).list()).containsExactlyInAnyOrder(ENGINEERING, PROGRAMMING, HASKELL)
                .doesNotContain(MUSIC_STAFF);
    }

    @Test
    void anIscoGroupSelectsItsOccupations() {
        ImportEscoResponse response = importEsco("esco-isco", "2511");

        assertThat(response.getRoles()).isEqualTo(counts(1, 0, 0));
        assertThat(jdbc.sql("SELECT id FROM company.role WHERE tenant_id = 'esco-isco'").query(String.class).list())
                .containsExactly(DATA_SCIENTIST);
        assertThat(importEsco("esco-isco", "C25").getRoles()).isEqualTo(counts(1, 0, 1));
    }

    @Test
    void badInputsNameTheField() throws IOException {
        Path empty = Files.createTempDirectory(DATA_DIR.getParent(), "esco-empty-");
        Path malformed = Files.createTempDirectory(DATA_DIR.getParent(), "esco-bad-");
        for (String name : List.of("skills_en.csv", "occupations_en.csv", "occupationSkillRelations.csv")) {
            Files.writeString(malformed.resolve(name), "conceptUri\nx\n");
        }
        assertInvalid(ImportEscoRequest.newBuilder().setTenantId("esco-bad"), "directory: required");
        assertInvalid(ImportEscoRequest.newBuilder().setTenantId("esco-bad").setDirectory("/no/such/dir"),
                "directory: not a directory");
        assertInvalid(ImportEscoRequest.newBuilder().setTenantId("esco-bad").setDirectory("src/test/resources/esco"),
                "directory: not an absolute path");
        assertInvalid(ImportEscoRequest.newBuilder().setTenantId("esco-bad").setDirectory(empty.toString()),
                "directory: has no readable skills_en.csv");
        assertInvalid(ImportEscoRequest.newBuilder().setTenantId("esco-bad").setDirectory(malformed.toString()),
                "directory: skills_en.csv has no column preferredLabel");
        assertInvalid(ImportEscoRequest.newBuilder().setTenantId("esco-bad").setDirectory(fixture)
                .addOccupations(SOFTWARE_DEVELOPER).addOccupations("http://example.com/nurse"),
                "occupations[1]: no ESCO occupation");
        assertInvalid(ImportEscoRequest.newBuilder().setTenantId("bad tenant!").setDirectory(fixture),
                "tenant_id:");
        assertThat(jdbc.sql("SELECT count(*) FROM company.tenant WHERE id IN ('esco-bad', 'bad tenant!')")
                .query(Long.class).single()).isZero();
    }

    private void assertInvalid(ImportEscoRequest.Builder request, String message) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stubs.blocking().importEsco(request.build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith(message);
    }

    private List<String> requirements(String tenant, String role) {
        return jdbc.sql("""
                SELECT competency_id || ' ' || required_level || ' ' || importance
                FROM company.role_competency_requirement WHERE tenant_id = :tenant AND role_id = :role""")
                .param("tenant", tenant).param("role", role).query(String.class).list();
    }

    private long auditRows(String tenant) {
        return jdbc.sql("SELECT count(*) FROM company.audit_log WHERE tenant_id = :tenant").param("tenant", tenant)
                .query(Long.class).single();
    }

    private static ImportResponse counts(int created, int updated, int unchanged) {
        return ImportResponse.newBuilder().setCreated(created).setUpdated(updated).setUnchanged(unchanged).build();
    }

}
