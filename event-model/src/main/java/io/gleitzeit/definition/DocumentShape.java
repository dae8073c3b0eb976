package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;

/**
 * Depth and size of a document that arrives as a JSON tree rather than bytes. The depth is measured without
 * recursion, because everything that walks the tree afterwards recurses and relies on the limit.
 */
final class DocumentShape {
    private DocumentShape() {
    }

    /** Whether no object or array is nested deeper than {@code maxDepth}; the root container is depth 1. */
    static boolean withinDepth(JsonNode root, int maxDepth) {
        record Visit(JsonNode node, int depth) {
        }
        ArrayDeque<Visit> pending = new ArrayDeque<>();
        pending.push(new Visit(root, 1));
        while (!pending.isEmpty()) {
            Visit visit = pending.pop();
            if (!visit.node().isContainerNode()) {
                continue;
            }
            if (visit.depth() > maxDepth) {
                return false;
            }
            for (JsonNode child : visit.node()) {
                if (child.isContainerNode()) {
                    pending.push(new Visit(child, visit.depth() + 1));
                }
            }
        }
        return true;
    }

    /** Whether the document as compact JSON is larger than {@code maxBytes}; stops writing once it is. */
    static boolean exceedsSize(ObjectMapper mapper, JsonNode document, long maxBytes) {
        try {
            mapper.writeValue(new LimitedSink(maxBytes), document);
            return false;
        } catch (LimitReached e) {
            return true;
        } catch (IOException e) {
            if (e.getCause() instanceof LimitReached) {
                return true;
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Counts bytes and fails as soon as there are too many. */
    private static final class LimitedSink extends OutputStream {
        private final long limit;
        private long count;

        LimitedSink(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
        }

        private void add(int bytes) throws LimitReached {
            count += bytes;
            if (count > limit) {
                throw new LimitReached();
            }
        }
    }

    private static final class LimitReached extends IOException {
        LimitReached() {
            super("size limit reached", null);
        }
    }
}
