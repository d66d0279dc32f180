package dev.upskill.journey.esco;

import dev.upskill.journey.data.InvalidDataException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The ESCO import as a command: {@code java -jar upskill-journey-engine.jar --upskill.journey.esco-import=DIR
 * --upskill.journey.esco-tenant=T [--upskill.journey.esco-occupations=URI|ISCO,...]} starts the engine on its
 * database, imports, and exits with 0 (imported) or 1 (failed). {@code --help} next to
 * {@code --upskill.journey.esco-import} prints {@link #USAGE} and exits without starting.
 */
@Component
@ConditionalOnProperty(name = EscoImportCommand.PROPERTY)
public final class EscoImportCommand implements ApplicationRunner {

    static final String PROPERTY = "upskill.journey.esco-import";

    public static final String USAGE = """
            Usage: java -jar upskill-journey-engine.jar --upskill.journey.esco-import=DIR
                     --upskill.journey.esco-tenant=TENANT [--upskill.journey.esco-tenant-name=NAME]
                     [--upskill.journey.esco-occupations=URI_OR_ISCO,...] [--upskill.journey.esco-framework=ID]
                     [--upskill.journey.esco-actor=ACTOR] [other engine settings, e.g. spring.datasource.url]

            Imports an ESCO CSV release (skills_en.csv, occupations_en.csv, occupationSkillRelations.csv and,
            if present, broaderRelationsSkillPillar*.csv in DIR) into TENANT in one transaction: skills as the
            competencies of framework "esco" (source "ESCO v1.1.1"), occupations as roles requiring their essential
            skills at "advanced" and optional ones at "intermediate" (on the default 4-level scale, created when the
            tenant has none). Re-importing changes nothing. esco-occupations restricts the import to those
            occupations (concept URIs, ids esco:occupation/<uuid> or ISCO group codes such as 2512 or 25) and the
            skills they need. Starts the engine on its database (stop a running engine that uses the same embedded
            data directory first), then exits: 0 = imported, 1 = failed (the reason is logged).

            %s
            """.formatted(EscoImport.ACKNOWLEDGEMENT);

    private static final Logger log = LoggerFactory.getLogger(EscoImportCommand.class);

    private final EscoImport esco;
    private final ConfigurableApplicationContext context;
    private final String directory;
    private final String tenant;
    private final String tenantName;
    private final List<String> occupations;
    private final String framework;
    private final String actor;

    public EscoImportCommand(EscoImport esco, ConfigurableApplicationContext context,
            @Value("${" + PROPERTY + "}") String directory,
            @Value("${upskill.journey.esco-tenant:}") String tenant,
            @Value("${upskill.journey.esco-tenant-name:}") String tenantName,
            @Value("${upskill.journey.esco-occupations:}") String occupations,
            @Value("${upskill.journey.esco-framework:}") String framework,
            @Value("${upskill.journey.esco-actor:esco-import}") String actor) {
        this.esco = esco;
        this.context = context;
        // Relative to the caller's working directory; the import itself takes absolute paths only.
        this.directory = directory.isBlank() ? directory : Path.of(directory).toAbsolutePath().toString();
        this.tenant = tenant;
        this.tenantName = tenantName;
        this.occupations = Arrays.stream(occupations.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        this.framework = framework;
        this.actor = actor;
    }

    /** True when the arguments ask for the ESCO command's help; {@code main} then prints {@link #USAGE}. */
    public static boolean wantsHelp(String[] args) {
        List<String> list = List.of(args);
        return list.stream().anyMatch(a -> a.startsWith("--" + PROPERTY))
                && (list.contains("--help") || list.contains("-h"));
    }

    /**
     * System properties for a command run: free ports, so it does not collide with a running engine's (they rank
     * above application.yaml; arguments naming the ports still win).
     */
    public static Map<String, String> defaults(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.startsWith("--" + PROPERTY))
                ? Map.of("server.port", "0", "upskill.journey.grpc-port", "0")
                : Map.of();
    }

    @Override
    public void run(ApplicationArguments args) {
        int code;
        try {
            EscoImport.Result r = esco.importDirectory(tenant, tenantName, actor, directory, occupations, framework);
            log.info("ESCO import done in {} ms: competencies {}, roles {}, {} requirements; essential at level {},"
                    + " optional at level {}{}", r.millis(), r.competencies(), r.roles(), r.requirements(),
                    r.levels().essential(), r.levels().optional(),
                    r.defaultScaleCreated() ? "; default scale created" : "");
            log.info(EscoImport.ACKNOWLEDGEMENT);
            code = 0;
        } catch (InvalidDataException e) {
            log.error("ESCO import failed: {}", e.getMessage());
            code = 1;
        } catch (RuntimeException e) {
            log.error("ESCO import failed", e);
            code = 1;
        }
        int exit = code;
        System.exit(SpringApplication.exit(context, () -> exit));
    }
}
