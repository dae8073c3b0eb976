package io.gleitzeit.protocol;

/**
 * (ext) Token counts of an LLM task, reported with its completion.
 *
 * @param promptTokens     tokens read
 * @param completionTokens tokens written
 */
@WirePayload
public record Usage(long promptTokens, long completionTokens) {
    public Usage {
        Require.nonNegative(promptTokens, "prompt_tokens");
        Require.nonNegative(completionTokens, "completion_tokens");
    }
}
