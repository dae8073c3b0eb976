package io.gleitzeit.ops.cli.service;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gleitzeit service <kind>}: runs one service connected to the hub(s). Every kind is its own class in this
 * package and one entry in {@code subcommands} below.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        header = "Run a service (functions, python, llm, openai, http, sql, ...) connected to the hub(s).",
        description = {"Run a service that connects to the hub(s) and executes tasks. Every kind",
            "takes --hub (env GLEITZEIT_HUB_URL), --token (env GLEITZEIT_TOKEN), --name,",
            "--max-concurrent and --transport; Ctrl-C stops it gracefully."},
        subcommands = {FunctionsServiceCommand.class, PythonServiceCommand.class, LlmServiceCommand.class,
            OpenAiServiceCommand.class, AnthropicServiceCommand.class, GeminiServiceCommand.class,
            CustomServiceCommand.class, HttpServiceCommand.class, SqlServiceCommand.class,
            CommandLine.HelpCommand.class})
public final class ServiceCommand {
}
