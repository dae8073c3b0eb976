package io.gleitzeit.definition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Parses and validates workflow documents (PROTOCOL.md, "Workflow document"; the format is described field by field
 * in {@code docs/workflow-documents.md}).
 *
 * <p>A valid document becomes a {@link WorkflowDefinition}. Anything else throws a
 * {@link WorkflowValidationException} listing every problem at once, each with the JSON path of the offending value;
 * nothing else happens, so a refused submission changes nothing. The size limit is checked on the raw bytes before
 * parsing, and nesting depth while parsing, so no document can exhaust memory or the stack.
 *
 * <p>Thread-safe; one instance serves a whole hub.
 */
public final class WorkflowDocumentParser {
    private static final Pattern JACKSON_LOCATION =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]");

    private final DocumentLimits limits;
    private final Supplier<String> workflowIds;
    private final ObjectMapper mapper;
    private final DefinitionReader reader;

    /**
     * @param limits      sizes accepted and the custom provider names configured
     * @param workflowIds gives the id of a workflow whose document has none; asked only for valid documents, and
     *                    must give ids matching {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,127}}
     */
    public WorkflowDocumentParser(DocumentLimits limits, Supplier<String> workflowIds) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.workflowIds = Objects.requireNonNull(workflowIds, "workflowIds");
        this.mapper = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(limits.maxNestingDepth())
                                .build())
                        // A key given twice would otherwise silently keep the last value.
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .build();
        this.reader = new DefinitionReader(limits);
    }

    /** A parser with {@link DocumentLimits#defaults()}. */
    public WorkflowDocumentParser(Supplier<String> workflowIds) {
        this(DocumentLimits.defaults(), workflowIds);
    }

    public DocumentLimits limits() {
        return limits;
    }

    /** Parses a document given as JSON text; its size is counted in UTF-8 bytes. */
    public WorkflowDefinition parse(String json) {
        Objects.requireNonNull(json, "json");
        checkSize(utf8Length(json));
        return reader.read(readTree(() -> mapper.createParser(json)), workflowIds);
    }

    /** Parses a document given as UTF-8 (or UTF-16/32 with a byte-order mark) JSON bytes. */
    public WorkflowDefinition parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        checkSize(json.length);
        return reader.read(readTree(() -> mapper.createParser(json)), workflowIds);
    }

    /**
     * Validates a document that is already a JSON tree (as a transport may deliver it). Its depth is checked first,
     * then its size as compact JSON; the definition holds a copy, so later changes to {@code document} do not leak in.
     */
    public WorkflowDefinition parse(JsonNode document) {
        Objects.requireNonNull(document, "document");
        if (!DocumentShape.withinDepth(document, limits.maxNestingDepth())) {
            throw single(tooDeep(null));
        }
        if (DocumentShape.exceedsSize(mapper, document, limits.maxDocumentBytes())) {
            throw single("the document is larger than the limit of " + limits.maxDocumentBytes()
                    + " bytes (as compact JSON)");
        }
        return reader.read(document.deepCopy(), workflowIds);
    }

    /** Opens a parser over in-memory input. */
    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    private JsonNode readTree(ParserSource source) {
        JsonParser parser = null;
        try {
            parser = source.open();
            JsonNode root = mapper.readTree(parser);
            if (root == null) {
                throw single("the document is empty");
            }
            if (parser.nextToken() != null) {
                throw single("invalid JSON" + at(parser.currentTokenLocation())
                        + ": unexpected content after the end of the document");
            }
            return root;
        } catch (StreamConstraintsException e) {
            // Constraint failures carry no location of their own; the parser still knows where it stopped.
            JsonLocation where = e.getLocation() != null || parser == null ? e.getLocation() : parser.currentLocation();
            if (parser != null && parser.getParsingContext().getNestingDepth() > limits.maxNestingDepth()) {
                throw single(tooDeep(where));
            }
            throw single("the document exceeds a parser limit" + at(where) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw single("invalid JSON" + at(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            // Reading from memory; there is no I/O to fail.
            throw new UncheckedIOException(e);
        } finally {
            closeQuietly(parser);
        }
    }

    private void checkSize(long bytes) {
        if (bytes > limits.maxDocumentBytes()) {
            throw single("the document is " + bytes + " bytes; the limit is " + limits.maxDocumentBytes() + " bytes");
        }
    }

    private String tooDeep(JsonLocation location) {
        return "objects and arrays are nested deeper than the limit of " + limits.maxNestingDepth()
                + at(location);
    }

    private static WorkflowValidationException single(String message) {
        return new WorkflowValidationException(List.of(new ValidationProblem("$", message)));
    }

    /** {@code " at line 3, column 7"}, or nothing when the location is unknown. */
    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's message without its source-description noise: the first line, locations as "line L, column C". */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return JACKSON_LOCATION.matcher(line).replaceAll("line $1, column $2");
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // Nothing to release for in-memory input.
            }
        }
    }

    /** The UTF-8 size of a string, without encoding it. */
    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
