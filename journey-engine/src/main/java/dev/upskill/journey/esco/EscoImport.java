package dev.upskill.journey.esco;

import dev.upskill.journey.data.CompanyImports;
import dev.upskill.journey.data.CompanyImports.Competency;
import dev.upskill.journey.data.CompanyImports.Framework;
import dev.upskill.journey.data.CompanyImports.ImportCounts;
import dev.upskill.journey.data.CompanyImports.Level;
import dev.upskill.journey.data.CompanyImports.Requirement;
import dev.upskill.journey.data.CompanyImports.Role;
import dev.upskill.journey.data.InvalidDataException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports an ESCO CSV release as a tenant's competency framework and roles, through {@link CompanyImports} (same
 * validation, upserts and audit rows as the ImportFramework / ImportRoles RPCs) in one transaction.
 *
 * <ul>
 * <li>Skills ({@code skills_en.csv}) become competencies of one framework (id {@code esco} by default, source
 * {@value #SOURCE}): id = the concept URI shortened to {@code esco:skill/<uuid>} (see {@link #idOf}), name =
 * {@code preferredLabel}, description = {@code description}, external URI = the concept URI.</li>
 * <li>The hierarchy comes from {@code broaderRelationsSkillPillar*.csv} when present: a skill's parent is its broader
 * concept when that is also a skill in this import (the first by URI if there are several), else it is a root.</li>
 * <li>Occupations ({@code occupations_en.csv}) become roles ({@code esco:occupation/<uuid>}) requiring the skills of
 * {@code occupationSkillRelations.csv}: essential at {@link LevelMapping#essential}, optional at
 * {@link LevelMapping#optional} of the tenant's scale; a tenant without a scale gets {@link #DEFAULT_SCALE}.</li>
 * </ul>
 *
 * ESCO is published by the European Commission; reuse is free with acknowledgement of the source (Commission
 * Decision 2011/833/EU).
 */
@Service
public class EscoImport {

    public static final String SOURCE = "ESCO v1.1.1";
    public static final String VERSION = "v1.1.1";
    public static final String ACKNOWLEDGEMENT = "ESCO (European Skills, Competences, Qualifications and Occupations)"
            + " is published by the European Commission; reuse is free with acknowledgement of the source"
            + " (Commission Decision 2011/833/EU).";
    public static final String DEFAULT_FRAMEWORK_ID = "esco";
    public static final int MAX_SELECTIONS = 1_000;

    static final String SKILLS = "skills_en.csv";
    static final String OCCUPATIONS = "occupations_en.csv";
    static final String RELATIONS = "occupationSkillRelations.csv";
    static final String BROADER_GLOB = "broaderRelationsSkillPillar*.csv";
    private static final String ESCO_BASE = "http://data.europa.eu/esco/";
    private static final Pattern ISCO = Pattern.compile("C?([0-9]{1,4})");
    private static final String ISCO_BASE = ESCO_BASE + "isco/";

    public static final List<Level> DEFAULT_SCALE = List.of(
            new Level(1, "beginner", "Knows the basics; needs guidance."),
            new Level(2, "intermediate", "Works independently on routine tasks."),
            new Level(3, "advanced", "Handles complex tasks; guides others."),
            new Level(4, "expert", "Recognised authority; shapes practice."));

    /** What an import did. */
    public record Result(ImportCounts competencies, ImportCounts roles, int requirements, boolean defaultScaleCreated,
            LevelMapping levels, long millis) {
    }

    /**
     * Where ESCO's two relation types land on a scale of n levels (ascending): essential at the ceil(3n/4)-th level,
     * optional at the ceil(n/2)-th (4 levels: advanced and intermediate; 5 levels: 4th and 3rd; 1 level: both 1st).
     */
    public record LevelMapping(int essential, int optional) {

        static LevelMapping of(List<Integer> ascending) {
            int n = ascending.size();
            return new LevelMapping(ascending.get((3 * n + 3) / 4 - 1), ascending.get((n + 1) / 2 - 1));
        }
    }

    private record Skill(String uri, String name, String description) {
    }

    private record Occupation(String uri, String isco, String name, String description) {
    }

    private static final Logger log = LoggerFactory.getLogger(EscoImport.class);

    private final CompanyImports imports;
    private final JdbcClient jdbc;

    public EscoImport(CompanyImports imports, JdbcClient jdbc) {
        this.imports = imports;
        this.jdbc = jdbc;
    }

    /**
     * Imports the release in {@code directory}.
     *
     * @param occupations empty = everything; else occupation URIs / ids or ISCO group codes, and only the skills the
     *     selected occupations need
     * @throws InvalidDataException naming {@code directory}, {@code occupations[i]} or an imported item's field
     */
    @Transactional
    public Result importDirectory(String tenantId, String tenantName, String actor, String directory,
            List<String> occupations, String frameworkId) {
        long start = System.nanoTime();
        Path dir = checkDirectory(directory);
        if (occupations.size() > MAX_SELECTIONS) {
            throw new InvalidDataException("occupations", "at most " + MAX_SELECTIONS + ", was " + occupations.size());
        }
        Map<String, Skill> skills = new LinkedHashMap<>();
        read(dir.resolve(SKILLS), List.of("conceptUri", "preferredLabel", "description"), r -> skills.put(
                r.get("conceptUri"), new Skill(r.get("conceptUri"), r.get("preferredLabel"), r.get("description"))));
        Map<String, Occupation> allOccupations = new LinkedHashMap<>();
        read(dir.resolve(OCCUPATIONS), List.of("conceptUri", "iscoGroup", "preferredLabel", "description"),
                r -> allOccupations.put(r.get("conceptUri"), new Occupation(r.get("conceptUri"), r.get("iscoGroup"),
                        r.get("preferredLabel"), r.get("description"))));
        Map<String, Occupation> selected = select(allOccupations, occupations);
        // occupation URI -> skill URI -> essential?
        Map<String, Map<String, Boolean>> relations = new LinkedHashMap<>();
        read(dir.resolve(RELATIONS), List.of("occupationUri", "relationType", "skillUri"), r -> {
            if (selected.containsKey(r.get("occupationUri")) && skills.containsKey(r.get("skillUri"))) {
                boolean essential = "essential".equalsIgnoreCase(r.get("relationType"));
                relations.computeIfAbsent(r.get("occupationUri"), k -> new LinkedHashMap<>())
                        .merge(r.get("skillUri"), essential, Boolean::logicalOr);
            }
        });
        Set<String> imported;
        if (occupations.isEmpty()) {
            imported = skills.keySet();
        } else {
            imported = new LinkedHashSet<>();
            relations.values().forEach(m -> imported.addAll(m.keySet()));
        }
        Map<String, String> parentOf = new TreeMap<>();
        try (DirectoryStream<Path> broader = Files.newDirectoryStream(dir, BROADER_GLOB)) {
            for (Path file : broader) {
                read(file, List.of("conceptUri", "broaderUri"), r -> {
                    String child = r.get("conceptUri");
                    String parent = r.get("broaderUri");
                    if (imported.contains(child) && imported.contains(parent) && !child.equals(parent)) {
                        parentOf.merge(child, parent, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                    }
                });
            }
        } catch (IOException e) {
            throw new InvalidDataException("directory", "cannot list " + BROADER_GLOB + ": " + e.getMessage());
        }

        List<Competency> competencies = new ArrayList<>(imported.size());
        for (String uri : imported) {
            Skill s = skills.get(uri);
            String parent = parentOf.get(uri);
            competencies.add(new Competency(idOf(uri), s.name(), s.description(),
                    parent == null ? null : idOf(parent), uri));
        }
        String framework = frameworkId == null || frameworkId.isEmpty() ? DEFAULT_FRAMEWORK_ID : frameworkId;
        // The tenant's scale as stored (a tenant that does not exist yet has none).
        List<Integer> scale = jdbc.sql("""
                SELECT level FROM company.proficiency_level WHERE tenant_id = :tenant ORDER BY level""")
                .param("tenant", tenantId)
                .query(Integer.class)
                .list();
        boolean defaultScale = scale.isEmpty();
        ImportCounts competencyCounts = imports.importFramework(tenantId, tenantName, actor,
                new Framework(framework, "ESCO skills", "Skills, competences and knowledge of " + SOURCE + ". "
                        + ACKNOWLEDGEMENT, SOURCE, VERSION),
                defaultScale ? DEFAULT_SCALE : List.of(), competencies);
        LevelMapping levels = LevelMapping.of(defaultScale
                ? DEFAULT_SCALE.stream().map(Level::level).toList() : scale);

        List<Role> roles = new ArrayList<>(selected.size());
        int requirements = 0;
        for (Occupation o : selected.values()) {
            List<Requirement> required = new ArrayList<>();
            relations.getOrDefault(o.uri(), Map.of()).forEach((skill, essential) -> required.add(new Requirement(
                    idOf(skill), essential ? levels.essential() : levels.optional(),
                    essential ? "ESSENTIAL" : "OPTIONAL")));
            requirements += required.size();
            roles.add(new Role(idOf(o.uri()), o.name(), o.description(), o.uri(), required));
        }
        ImportCounts roleCounts = imports.importRoles(tenantId, tenantName, actor, roles);
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("ESCO import into tenant {}: {} competencies ({}), {} roles ({}), {} requirements in {} ms",
                tenantId, competencies.size(), competencyCounts, roles.size(), roleCounts, requirements, millis);
        return new Result(competencyCounts, roleCounts, requirements, defaultScale, levels, millis);
    }

    /**
     * A competency's or role's id: the concept URI without {@code http://data.europa.eu/esco/}, prefixed
     * {@code esco:} ({@code esco:skill/0005c151-5b5a-4a66-8aac-60e734beb1ab}); stable across releases, because ESCO
     * keeps concept URIs, and reversible. Other URIs are used as they are.
     */
    public static String idOf(String uri) {
        return uri.startsWith(ESCO_BASE) ? "esco:" + uri.substring(ESCO_BASE.length()) : uri;
    }

    private static Path checkDirectory(String directory) {
        if (directory == null || directory.isBlank()) {
            throw new InvalidDataException("directory", "required");
        }
        Path dir;
        try {
            dir = Path.of(directory);
        } catch (RuntimeException e) {
            throw new InvalidDataException("directory", "not a path");
        }
        if (!dir.isAbsolute()) {
            throw new InvalidDataException("directory", "not an absolute path: " + directory);
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidDataException("directory", "not a directory on the engine's machine: " + directory);
        }
        for (String name : List.of(SKILLS, OCCUPATIONS, RELATIONS)) {
            if (!Files.isReadable(dir.resolve(name))) {
                throw new InvalidDataException("directory", "has no readable " + name);
            }
        }
        return dir;
    }

    private static Map<String, Occupation> select(Map<String, Occupation> all, List<String> wanted) {
        if (wanted.isEmpty()) {
            return all;
        }
        Map<String, Occupation> selected = new LinkedHashMap<>();
        Map<String, Occupation> byId = new LinkedHashMap<>();
        all.values().forEach(o -> byId.put(idOf(o.uri()), o));
        for (int i = 0; i < wanted.size(); i++) {
            String w = wanted.get(i) == null ? "" : wanted.get(i).strip();
            String code = w.startsWith(ISCO_BASE) ? w.substring(ISCO_BASE.length()) : w;
            List<Occupation> matches = new ArrayList<>();
            var isco = ISCO.matcher(code);
            if (isco.matches()) {
                String prefix = isco.group(1);
                all.values().stream().filter(o -> o.isco() != null && o.isco().startsWith(prefix))
                        .forEach(matches::add);
            } else if (all.containsKey(w)) {
                matches.add(all.get(w));
            } else if (byId.containsKey(w)) {
                matches.add(byId.get(w));
            }
            if (matches.isEmpty()) {
                throw new InvalidDataException("occupations[" + i + "]",
                        "no ESCO occupation or ISCO group \"" + w + "\"");
            }
            matches.forEach(o -> selected.put(o.uri(), o));
        }
        return selected;
    }

    private static void read(Path file, List<String> columns, Consumer<CSVRecord> row) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, format)) {
            for (String column : columns) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new InvalidDataException("directory", file.getFileName() + " has no column " + column);
                }
            }
            for (CSVRecord r : parser) {
                if (!r.isConsistent()) {
                    throw new InvalidDataException("directory", file.getFileName() + " record "
                            + r.getRecordNumber() + ": " + r.size() + " values, the header has "
                            + parser.getHeaderMap().size());
                }
                row.accept(r);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidDataException("directory", "cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }
}
