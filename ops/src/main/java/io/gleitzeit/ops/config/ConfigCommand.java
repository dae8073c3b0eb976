package io.gleitzeit.ops.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gleitzeit config}: the configuration model's tools. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Configuration of the Gleitzeit processes (orchestrator, up, service ...): a .properties file",
            "(--config FILE or env " + ConfigKeys.CONFIG_ENV + "), then environment variables, then flags; flags win.",
            "Keys are option names without dashes (port=8000), optionally qualified by the command",
            "(orchestrator.port=8000, service.llm.model=llama3); variables are GLEITZEIT_<KEY> or",
            "GLEITZEIT_<COMMAND>_<KEY> in upper case with '_' for '-' and '.'."},
        subcommands = {ConfigCommand.Check.class, CommandLine.HelpCommand.class})
public final class ConfigCommand {

    /** {@code gleitzeit config check FILE}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate FILE against every command's options and print the effective configuration",
                "(file and environment; secrets redacted), each value with its source.",
                "Exit status 0 when valid, 2 when a key is unknown or a value does not fit its option."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The configuration file (.properties).")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ConfigFile config;
            try {
                config = ConfigFile.load(file);
            } catch (IllegalArgumentException e) {
                err.println("gleitzeit config check: " + e.getMessage());
                err.flush();
                return 2;
            }
            ConfigValidator validator = new ConfigValidator(spec.root().commandLine());
            List<String> errors = validator.errors(config);
            if (!errors.isEmpty()) {
                errors.forEach(error -> err.println("gleitzeit config check: " + file + ": " + error));
                err.flush();
                return 2;
            }
            LayeredDefaults layers = new LayeredDefaults(Optional.of(config), System.getenv());
            out.println("# effective configuration from " + file + " and the environment (flags override it)");
            for (Map.Entry<String, CommandSpec> section : validator.sections().entrySet()) {
                for (OptionSpec option : section.getValue().options()) {
                    ConfigKeys.key(option).ifPresent(key -> layers.resolve(section.getValue(), key).ifPresent(
                            resolved -> out.printf("%s.%s=%s  # %s%n", section.getKey(), key,
                                    ConfigKeys.redact(key, resolved.value()), resolved.source())));
                }
            }
            out.flush();
            return 0;
        }
    }
}
