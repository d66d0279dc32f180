package dev.upskill.inference.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves each {@link Setting} from its sources. Precedence, highest first: command-line flag,
 * environment variable, configuration file, built-in default.
 */
public final class ConfigSources {

    private ConfigSources() {
    }

    /**
     * @param flags values given on the command line, by setting
     * @param environment the process environment ({@code System.getenv()})
     * @param configFile a properties file, or null for none
     */
    public static ServerConfig resolve(Map<Setting, String> flags, Map<String, String> environment, Path configFile) {
        Properties file = configFile == null ? new Properties() : readFile(configFile);
        Set<String> unknown = new TreeSet<>(file.stringPropertyNames());
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            unknown.remove(setting.key());
            String value = setting.defaultValue();
            value = file.getProperty(setting.key(), value);
            value = environment.getOrDefault(setting.environmentVariable(), value);
            value = flags.getOrDefault(setting, value);
            values.put(setting, value.strip());
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown keys in " + configFile + ": " + unknown);
        }
        return ServerConfig.from(values);
    }

    private static Properties readFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + path, e);
        }
        return properties;
    }
}
