package io.gleitzeit.ops.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How options map to configuration keys and environment variables. An option's key is its longest name without the
 * dashes; a command's section is its path below {@code gleitzeit}, dotted ({@code service.llm}). The variables are
 * {@code GLEITZEIT_<SECTION>_<KEY>} down to {@code GLEITZEIT_<KEY>} (upper case, {@code .} and {@code -} become
 * {@code _}), plus the names the project documented before the configuration model existed.
 */
public final class ConfigKeys {
    /** The variable naming the configuration file when {@code --config} is not given. */
    public static final String CONFIG_ENV = "GLEITZEIT_CONFIG";

    /** Variables kept from before the configuration model, by key. */
    private static final Map<String, String> LEGACY_ENV = Map.of(
            "prefix", "GLEITZEIT_KEY_PREFIX",
            "redis", "GLEITZEIT_REDIS_URL",
            "hub", "GLEITZEIT_HUB_URL");

    /** The commands (and their subcommands) the configuration model applies to. */
    public static final List<String> CONFIGURABLE_ROOTS = List.of("orchestrator", "up", "service");

    private ConfigKeys() {
    }

    /** The key of {@code option}, or empty when it is not configurable (help, version, {@code --config}). */
    public static Optional<String> key(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp() || !option.longestName().startsWith("--")) {
            return Optional.empty();
        }
        String key = option.longestName().substring(2);
        return key.equals("config") ? Optional.empty() : Optional.of(key);
    }

    /** The section of {@code command}: its path below the root, dotted; empty for the root itself. */
    public static String section(CommandSpec command) {
        List<String> names = new ArrayList<>();
        for (CommandSpec c = command; c.parent() != null; c = c.parent()) {
            names.add(0, c.name());
        }
        return String.join(".", names);
    }

    /** Whether the configuration model applies to {@code command}. */
    public static boolean configurable(CommandSpec command) {
        String section = section(command);
        String root = section.contains(".") ? section.substring(0, section.indexOf('.')) : section;
        return CONFIGURABLE_ROOTS.contains(root);
    }

    /** The file keys that may set {@code key} of {@code command}, most specific first. */
    public static List<String> fileKeys(CommandSpec command, String key) {
        List<String> keys = new ArrayList<>();
        String section = section(command);
        while (!section.isEmpty()) {
            keys.add(section + "." + key);
            int dot = section.lastIndexOf('.');
            section = dot < 0 ? "" : section.substring(0, dot);
        }
        keys.add(key);
        return keys;
    }

    /** The environment variables that may set {@code key} of {@code command}, most specific first. */
    public static List<String> envNames(CommandSpec command, String key) {
        List<String> names = new ArrayList<>();
        for (String fileKey : fileKeys(command, key)) {
            names.add("GLEITZEIT_" + fileKey.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        String legacy = LEGACY_ENV.get(key);
        if (legacy != null) {
            names.add(legacy);
        }
        return names;
    }

    /** Whether the value of {@code key} is a secret, shown redacted. */
    public static boolean secret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return last.endsWith("token") || last.endsWith("password") || last.endsWith("secret")
                || last.endsWith("api-key");
    }

    /** {@code value} as it may be printed: secrets and passwords inside URLs replaced. */
    public static String redact(String key, String value) {
        if (secret(key)) {
            return "******";
        }
        return value.replaceAll("(://[^:/@\\s]*:)[^@/\\s]+@", "$1******@");
    }
}
