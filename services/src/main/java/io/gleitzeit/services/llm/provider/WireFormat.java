package io.gleitzeit.services.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.protocol.Usage;
import io.gleitzeit.services.llm.LlmRequest;
import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How one provider's API looks on the wire: the request, the whole answer, the streamed events, the error body.
 * Pure translation, no I/O; {@link ProviderBackend} does the calling and retrying.
 */
sealed interface WireFormat permits OpenAiFormat, AnthropicFormat, GeminiFormat {

    /** A request ready to send. */
    record Call(URI uri, Map<String, String> headers, ObjectNode body) {
    }

    /** The request for {@code request} (whose model is set and, where the API needs it, whose images are inline). */
    Call call(ProviderOptions options, LlmRequest request, ObjectMapper mapper);

    /** Whether images given by URL must be fetched and sent inline. */
    boolean needsInlineImages();

    /** The text and usage of a non-streamed answer. */
    Answer answer(JsonNode body);

    /** A fresh reader for one streamed answer. */
    StreamReader streamReader();

    /** The provider's own message in an error body, or {@code null}. */
    String errorMessage(JsonNode body);

    /** A finished answer. */
    record Answer(String text, String model, Usage usage) {
    }

    /** Folds a stream's events into an answer, relaying text as it comes. */
    interface StreamReader {
        /**
         * Takes one SSE event.
         *
         * @return whether the stream is complete
         * @throws StreamError when the provider reported an error in the stream
         */
        boolean accept(String event, JsonNode data, Consumer<String> chunks) throws StreamError;

        /** The answer so far. */
        Answer answer();
    }

    /** An error event inside a stream. */
    final class StreamError extends Exception {
        private static final long serialVersionUID = 1L;

        StreamError(String message) {
            super(message);
        }
    }
}
