package io.gleitzeit.ops.cli;

import io.gleitzeit.ops.config.ConfigKeys;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} of the configurable commands. The file is read before parsing (see
 * {@link GleitzeitCli#commandLine(String...)}), because it supplies the other options' defaults; this option declares
 * it in the model and the help.
 */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (.properties; env " + ConfigKeys.CONFIG_ENV + "): option names without "
                    + "dashes as keys, optionally qualified by the command (orchestrator.port=8000). Precedence: "
                    + "flags, then environment variables, then the file. Check one with 'gleitzeit config check'.")
    Path file;
}
