package io.gleitzeit.ops.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.definition.DocumentLimits;
import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.definition.WorkflowValidationException;
import io.gleitzeit.event.codec.GleitzeitJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The client-side builder behind {@code gleitzeit submit --batch-folder DIR --type text|vision|python}: a workflow
 * document with one batch task over the folder's files (not its subfolders, not hidden files), in file-name order.
 * Each element of the batch is {@code {"file": <name>, "path": <absolute path>, …}} plus, by kind:
 *
 * <ul>
 *   <li>text: {@code "content"}, the file's UTF-8 text; the task's prompt is the given prompt, a blank line, then
 *       {@code {{item.content}}};</li>
 *   <li>vision: {@code "image"}, the file base64-encoded; the task's {@code image} is {@code {{item.image}}};</li>
 *   <li>python: {@code "content"} only with {@link PythonArgument#CONTENT}; the function gets
 *       {@code {{item.path}}} or {@code {{item.content}}} as its one argument.</li>
 * </ul>
 *
 * <p>The document is checked with the server's rules before it is returned (so a problem shows before anything is
 * sent), its size against {@link FolderBatchOptions#maxDocumentBytes()}: files travel inside the document.
 */
public final class FolderBatch {
    /** The name of the document's one task; its result is the list of per-file results. */
    public static final String TASK_NAME = "Process files";

    private static final ObjectMapper JSON = GleitzeitJson.newMapper();

    private final FolderBatchOptions options;

    public FolderBatch(FolderBatchOptions options) {
        this.options = options;
    }

    /** The workflow document as JSON text, ready for {@code workflow:submit}. */
    public String json() {
        return write(document());
    }

    /** The workflow document. Reads the folder; every problem is an {@link IllegalArgumentException}. */
    public ObjectNode document() {
        List<Path> files = files();
        ArrayNode items = JSON.createArrayNode();
        for (Path file : files) {
            items.add(item(file));
        }
        ObjectNode task = JSON.createObjectNode().put("name", TASK_NAME).put("type", options.kind().taskType());
        switch (options.kind()) {
            case TEXT -> llm(task.put("prompt", options.prompt() + "\n\n{{item.content}}"));
            case VISION -> llm(task.put("prompt", options.prompt()).put("image", "{{item.image}}"));
            case PYTHON -> {
                task.put("function", options.function());
                task.putArray("args").add(options.pythonArgument() == PythonArgument.PATH
                        ? "{{item.path}}" : "{{item.content}}");
            }
            default -> throw new IllegalStateException("no document for " + options.kind());
        }
        task.putObject("batch").put("max_concurrency", options.maxConcurrency()).set("items", items);
        ObjectNode document = JSON.createObjectNode().put("name", options.workflowName())
                .put("error_strategy", options.errorStrategy().wireName());
        document.putObject("metadata").put("batch_folder", options.folder().toAbsolutePath().normalize().toString())
                .put("batch_type", options.kind().taskType()).put("pattern", options.pattern());
        document.putArray("tasks").add(task);
        check(document);
        return document;
    }

    private void llm(ObjectNode task) {
        if (options.model() != null) {
            task.put("model", options.model());
        }
        if (options.provider() != null) {
            task.put("provider", options.provider());
        }
    }

    /** The folder's regular, visible files whose names match the pattern, by name. */
    private List<Path> files() {
        Path folder = options.folder();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--batch-folder: " + folder + " is not a directory");
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + options.pattern());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--pattern: not a glob: " + e.getMessage(), e);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> matcher.matches(p.getFileName()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("--batch-folder: cannot list " + folder, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--batch-folder: no file in " + folder + " matches "
                    + options.pattern());
        }
        return files;
    }

    private ObjectNode item(Path file) {
        ObjectNode item = JSON.createObjectNode().put("file", file.getFileName().toString())
                .put("path", file.toAbsolutePath().normalize().toString());
        if (options.kind() == FolderBatchKind.VISION) {
            item.put("image", Base64.getEncoder().encodeToString(read(file)));
        } else if (options.kind() == FolderBatchKind.TEXT || options.pythonArgument() == PythonArgument.CONTENT) {
            item.put("content", utf8(file, read(file)));
        }
        return item;
    }

    private byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > options.maxDocumentBytes()) {
                throw tooLarge(size, file + " alone");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("--batch-folder: cannot read " + file, e);
        }
    }

    private static String utf8(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("--batch-folder: " + file + " is not UTF-8 text; choose the files"
                    + " with --pattern", e);
        }
    }

    /** Checks the document as the server will, against the server's size limit and with the provider allowed. */
    private void check(ObjectNode document) {
        byte[] bytes = write(document).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > options.maxDocumentBytes()) {
            throw tooLarge(bytes.length, "the document");
        }
        DocumentLimits.Builder limits = DocumentLimits.newBuilder().maxDocumentBytes(options.maxDocumentBytes());
        if (options.provider() != null && !DocumentLimits.BUILT_IN_PROVIDERS.contains(options.provider())) {
            // a custom provider is the server's to know; it checks the name again
            limits.addCustomProvider(options.provider());
        }
        try {
            new WorkflowDocumentParser(limits.build(), () -> "local-check").parse(bytes);
        } catch (WorkflowValidationException e) {
            throw new IllegalArgumentException("the batch document is invalid: " + e.getMessage(), e);
        }
    }

    private IllegalArgumentException tooLarge(long bytes, String what) {
        return new IllegalArgumentException("--batch-folder: " + what + " takes " + bytes + " bytes; a workflow"
                + " document may have " + options.maxDocumentBytes() + " (files travel inside it): choose fewer files"
                + " with --pattern, or split the folder");
    }

    private static String write(ObjectNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
