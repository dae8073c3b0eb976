package io.gleitzeit.ops.batch;

import io.gleitzeit.definition.BatchSpec;
import io.gleitzeit.definition.DocumentLimits;
import io.gleitzeit.definition.ErrorStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code gleitzeit submit --batch-folder DIR --type text|vision|python} asks for. Immutable; made by
 * {@link #newBuilder(Path, FolderBatchKind)}, whose {@link Builder#build()} checks every option and names the
 * command-line option of each problem.
 */
public final class FolderBatchOptions {
    /** Files of one batch run in parallel when {@code --max-concurrency} is not given. */
    public static final int DEFAULT_MAX_CONCURRENCY = BatchSpec.DEFAULT_MAX_CONCURRENCY;
    /**
     * A folder batch goes on past a file that fails, so one bad file does not cost the others' results; the failed
     * file's slot holds its error.
     */
    public static final ErrorStrategy DEFAULT_ERROR_STRATEGY = ErrorStrategy.CONTINUE;

    private final Path folder;
    private final FolderBatchKind kind;
    private final String pattern;
    private final String prompt;
    private final String model;
    private final String provider;
    private final String function;
    private final PythonArgument pythonArgument;
    private final int maxConcurrency;
    private final String workflowName;
    private final ErrorStrategy errorStrategy;
    private final int maxDocumentBytes;

    private FolderBatchOptions(Builder b) {
        folder = b.folder;
        kind = b.kind;
        pattern = b.pattern != null ? b.pattern : kind.defaultPattern();
        prompt = b.prompt != null ? b.prompt : kind.defaultPrompt();
        model = b.model;
        provider = b.provider;
        function = b.function;
        pythonArgument = b.pythonArgument;
        maxConcurrency = b.maxConcurrency;
        Path name = folder.toAbsolutePath().normalize().getFileName();
        workflowName = b.workflowName != null ? b.workflowName
                : "batch " + kind.taskType() + " of " + (name == null ? folder.toString() : name.toString());
        errorStrategy = b.errorStrategy;
        maxDocumentBytes = b.maxDocumentBytes;
    }

    /** Options for a batch over the files of {@code folder}. */
    public static Builder newBuilder(Path folder, FolderBatchKind kind) {
        return new Builder(folder, kind);
    }

    public Path folder() {
        return folder;
    }

    public FolderBatchKind kind() {
        return kind;
    }

    /** The glob ({@code java.nio} syntax) file names are matched against. */
    public String pattern() {
        return pattern;
    }

    /** The prompt of text and vision batches; {@code null} for python. */
    public String prompt() {
        return prompt;
    }

    /** The model, or {@code null} to let routing choose. */
    public String model() {
        return model;
    }

    /** The provider, or {@code null} to follow the model name. */
    public String provider() {
        return provider;
    }

    /** The function of a python batch, else {@code null}. */
    public String function() {
        return function;
    }

    public PythonArgument pythonArgument() {
        return pythonArgument;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public String workflowName() {
        return workflowName;
    }

    public ErrorStrategy errorStrategy() {
        return errorStrategy;
    }

    /** The largest document the server accepts ({@code DocumentLimits.maxDocumentBytes} there). */
    public int maxDocumentBytes() {
        return maxDocumentBytes;
    }

    /** Builds {@link FolderBatchOptions}. */
    public static final class Builder {
        private final Path folder;
        private final FolderBatchKind kind;
        private String pattern;
        private String prompt;
        private String model;
        private String provider;
        private String function;
        private PythonArgument pythonArgument = PythonArgument.PATH;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private String workflowName;
        private ErrorStrategy errorStrategy = DEFAULT_ERROR_STRATEGY;
        private int maxDocumentBytes = DocumentLimits.DEFAULT_MAX_DOCUMENT_BYTES;

        private Builder(Path folder, FolderBatchKind kind) {
            this.folder = Objects.requireNonNull(folder, "folder");
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        public Builder pattern(String value) {
            pattern = value;
            return this;
        }

        public Builder prompt(String value) {
            prompt = value;
            return this;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder provider(String value) {
            provider = value;
            return this;
        }

        public Builder function(String value) {
            function = value;
            return this;
        }

        public Builder pythonArgument(PythonArgument value) {
            pythonArgument = Objects.requireNonNull(value, "pythonArgument");
            return this;
        }

        public Builder maxConcurrency(int value) {
            maxConcurrency = value;
            return this;
        }

        public Builder workflowName(String value) {
            workflowName = value;
            return this;
        }

        public Builder errorStrategy(ErrorStrategy value) {
            errorStrategy = Objects.requireNonNull(value, "errorStrategy");
            return this;
        }

        public Builder maxDocumentBytes(int value) {
            maxDocumentBytes = value;
            return this;
        }

        /** The options; every problem at once, each naming its option, in an {@link IllegalArgumentException}. */
        public FolderBatchOptions build() {
            List<String> problems = new ArrayList<>();
            if (pattern != null && pattern.isBlank()) {
                problems.add("--pattern: must not be blank");
            }
            if (kind == FolderBatchKind.PYTHON) {
                if (function == null || function.isBlank()) {
                    problems.add("--function: is required for --type python (the registered function to call)");
                }
                if (prompt != null || model != null || provider != null) {
                    problems.add("--prompt, --model, --provider: apply to --type text and vision only");
                }
            } else {
                if (function != null) {
                    problems.add("--function: applies to --type python only");
                }
                if (prompt != null && prompt.isBlank()) {
                    problems.add("--prompt: must not be blank");
                }
            }
            if (maxConcurrency < 1 || maxConcurrency > BatchSpec.MAX_CONCURRENCY) {
                problems.add("--max-concurrency: must be within 1.." + BatchSpec.MAX_CONCURRENCY + ", was "
                        + maxConcurrency);
            }
            if (workflowName != null && workflowName.isBlank()) {
                problems.add("--name: must not be blank");
            }
            if (maxDocumentBytes < 1) {
                problems.add("--max-document-bytes: must be positive, was " + maxDocumentBytes);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return new FolderBatchOptions(this);
        }
    }
}
