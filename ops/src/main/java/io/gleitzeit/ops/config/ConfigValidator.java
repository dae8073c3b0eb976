package io.gleitzeit.ops.config;

import io.gleitzeit.redis.connect.RedisEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks a {@link ConfigFile} against the command model: every key must name an option of the command (or of a
 * command below) its section names, and every value must convert to that option's type (a {@code redis} value must
 * be a Redis URL of a form {@link RedisEndpoint} reads). Errors name the key.
 */
public final class ConfigValidator {
    /** Options whose value is a Redis URL, checked as one. */
    private static final String REDIS_OPTION = "--redis";

    private final Map<String, CommandSpec> sections = new LinkedHashMap<>();

    /** A validator for the configurable commands under {@code root}. */
    public ConfigValidator(CommandLine root) {
        collect(root);
    }

    private void collect(CommandLine line) {
        CommandSpec spec = line.getCommandSpec();
        if (ConfigKeys.configurable(spec)) {
            sections.put(ConfigKeys.section(spec), spec);
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == spec) {
                collect(sub);
            }
        }
    }

    /** The configurable commands by section, in model order. */
    public Map<String, CommandSpec> sections() {
        return sections;
    }

    /** The problems of {@code file}, one line each naming the key; empty when it is valid. */
    public List<String> errors(ConfigFile file) {
        List<String> errors = new ArrayList<>();
        file.entries().forEach((fileKey, value) -> errors.addAll(check(fileKey, value)));
        return errors;
    }

    private List<String> check(String fileKey, String value) {
        int dot = fileKey.lastIndexOf('.');
        String section = dot < 0 ? "" : fileKey.substring(0, dot);
        String key = fileKey.substring(dot + 1);
        if (!section.isEmpty() && !sections.containsKey(section)) {
            return List.of(fileKey + ": unknown section '" + section + "' (known: " + String.join(", ",
                    sections.keySet()) + ")");
        }
        List<OptionSpec> matches = new ArrayList<>();
        sections.forEach((name, spec) -> {
            if (section.isEmpty() || name.equals(section) || name.startsWith(section + ".")) {
                option(spec, key).ifPresent(matches::add);
            }
        });
        if (matches.isEmpty()) {
            return List.of(fileKey + ": no command " + (section.isEmpty() ? "" : "in '" + section + "' ")
                    + "has an option --" + key);
        }
        List<String> errors = new ArrayList<>();
        for (OptionSpec option : matches) {
            String problem = typeProblem(option, value);
            if (problem != null && !errors.contains(fileKey + ": " + problem)) {
                errors.add(fileKey + ": " + problem);
            }
        }
        return errors;
    }

    /** The configurable option {@code key} of {@code command}, if it has one. */
    static Optional<OptionSpec> option(CommandSpec command, String key) {
        for (OptionSpec option : command.options()) {
            if (ConfigKeys.key(option).filter(key::equals).isPresent()) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    /** A Redis URL in any form the processes open (server, TLS, socket, Sentinel, Cluster); problems redacted. */
    private static String redisProblem(String value) {
        try {
            RedisEndpoint.parse(value);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Why {@code value} does not fit {@code option}'s type, or {@code null}. */
    static String typeProblem(OptionSpec option, String value) {
        Class<?> type = option.type();
        if (REDIS_OPTION.equals(option.longestName())) {
            return redisProblem(value);
        }
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value);
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value);
            } else if (type == double.class || type == Double.class) {
                Double.parseDouble(value);
            } else if (type == boolean.class || type == Boolean.class) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    return "'" + value + "' is not true or false";
                }
            } else if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(value)) {
                        return null;
                    }
                }
                List<String> names = new ArrayList<>();
                for (Object constant : type.getEnumConstants()) {
                    names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
                }
                return "'" + value + "' is not one of " + names;
            }
        } catch (NumberFormatException e) {
            return "'" + value + "' is not a " + type.getSimpleName().toLowerCase(Locale.ROOT) + " (option "
                    + option.longestName() + ")";
        }
        return null;
    }
}
