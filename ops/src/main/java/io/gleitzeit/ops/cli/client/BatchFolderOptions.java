package io.gleitzeit.ops.cli.client;

import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.ops.batch.FolderBatch;
import io.gleitzeit.ops.batch.FolderBatchKind;
import io.gleitzeit.ops.batch.FolderBatchOptions;
import io.gleitzeit.ops.batch.PythonArgument;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * The options of {@code gleitzeit submit --batch-folder DIR --type text|vision|python}: a workflow document built
 * on this machine from the folder's files ({@link FolderBatch}), one batch task running once per file.
 */
final class BatchFolderOptions {
    @Option(names = "--batch-folder", paramLabel = "DIR",
            description = "Instead of FILE: run one batch task over the files of DIR (not its subfolders).")
    Path folder;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "With --batch-folder: text (each file's text after --prompt), vision (each image with"
                    + " --prompt), python (--function called with each file's path or text).")
    String type;

    @Option(names = "--pattern", paramLabel = "GLOB", description = "With --batch-folder: which files (default: "
            + "text *.{txt,md}, vision *.{png,jpg,jpeg,gif,webp,bmp}, python *).")
    String pattern;

    @Option(names = "--prompt", description = "With --type text or vision: the instruction for each file.")
    String prompt;

    @Option(names = "--model", description = "With --type text or vision: the model (default: routing chooses).")
    String model;

    @Option(names = "--provider", description = "With --type text or vision: internal, openai, anthropic, gemini,"
            + " or a custom provider of the server.")
    String provider;

    @Option(names = "--function", description = "With --type python: the registered function to call per file.")
    String function;

    @Option(names = "--python-arg", paramLabel = "path|content",
            description = "With --type python: pass each file's absolute path (default) or its text.")
    String pythonArgument;

    @Option(names = "--max-concurrency", paramLabel = "N",
            description = "With --batch-folder: files processed at once (default: "
                    + FolderBatchOptions.DEFAULT_MAX_CONCURRENCY + ").")
    Integer maxConcurrency;

    @Option(names = "--error-strategy", paramLabel = "stop|continue",
            description = "With --batch-folder: continue (default) keeps going past a failed file, whose slot"
                    + " holds its error; stop fails the workflow at the first file that fails.")
    String errorStrategy;

    @Option(names = "--name", description = "With --batch-folder: the workflow's name.")
    String name;

    @Option(names = "--max-document-bytes", paramLabel = "BYTES",
            description = "With --batch-folder: the server's document size limit, if not the default 4194304.")
    Integer maxDocumentBytes;

    boolean requested() {
        return folder != null;
    }

    /** Whether an option that only means something with {@code --batch-folder} was given. */
    boolean anyGiven() {
        return type != null || pattern != null || prompt != null || model != null || provider != null
                || function != null || pythonArgument != null || maxConcurrency != null || errorStrategy != null
                || name != null || maxDocumentBytes != null;
    }

    /** The builder for these options; every problem as an {@link IllegalArgumentException} naming its option. */
    FolderBatch toBatch() {
        if (type == null) {
            throw new IllegalArgumentException("--type: is required with --batch-folder: one of " + names(
                    FolderBatchKind.values()));
        }
        FolderBatchKind kind = FolderBatchKind.fromName(type).orElseThrow(() -> new IllegalArgumentException(
                "--type: must be one of " + names(FolderBatchKind.values()) + ", was '" + type + "'"));
        FolderBatchOptions.Builder b = FolderBatchOptions.newBuilder(folder, kind).pattern(pattern).prompt(prompt)
                .model(model).provider(provider).function(function).workflowName(name);
        if (pythonArgument != null) {
            b.pythonArgument(choice("--python-arg", pythonArgument, PythonArgument.values()));
        }
        if (errorStrategy != null) {
            b.errorStrategy(choice("--error-strategy", errorStrategy, ErrorStrategy.values()));
        }
        if (maxConcurrency != null) {
            b.maxConcurrency(maxConcurrency);
        }
        if (maxDocumentBytes != null) {
            b.maxDocumentBytes(maxDocumentBytes);
        }
        return new FolderBatch(b.build());
    }

    private static <E extends Enum<E>> E choice(String option, String value, E[] values) {
        return Arrays.stream(values).filter(v -> v.name().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(option + ": must be one of " + names(values)
                        + ", was '" + value + "'"));
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
