package io.gleitzeit.event.codec;

/** Stored data that cannot be read: malformed JSON, or a known type whose data does not fit it. Not retryable. */
public final class CodecException extends RuntimeException {
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }

    public CodecException(String message) {
        super(message);
    }
}
