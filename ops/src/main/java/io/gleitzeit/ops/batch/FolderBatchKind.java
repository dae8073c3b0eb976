package io.gleitzeit.ops.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a folder batch does with each file: {@code --type text|vision|python}. */
public enum FolderBatchKind {
    /** Each file's text (UTF-8) is given to an LLM after the prompt. */
    TEXT("*.{txt,md}", "Summarize the following document."),
    /** Each image, base64-encoded, is given to a vision model with the prompt. */
    VISION("*.{png,jpg,jpeg,gif,webp,bmp}", "Describe this image."),
    /** A registered function is called once per file with its path (or its text) as the argument. */
    PYTHON("*", null);

    private final String defaultPattern;
    private final String defaultPrompt;

    FolderBatchKind(String defaultPattern, String defaultPrompt) {
        this.defaultPattern = defaultPattern;
        this.defaultPrompt = defaultPrompt;
    }

    /** The glob the folder's files are matched against when none is given. */
    public String defaultPattern() {
        return defaultPattern;
    }

    /** The prompt when none is given; {@code null} for {@link #PYTHON}, which has none. */
    public String defaultPrompt() {
        return defaultPrompt;
    }

    /** The document's task type. */
    public String taskType() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a {@code --type} value, in any case. */
    public static Optional<FolderBatchKind> fromName(String name) {
        return Arrays.stream(values()).filter(k -> k.taskType().equalsIgnoreCase(name)).findFirst();
    }
}
