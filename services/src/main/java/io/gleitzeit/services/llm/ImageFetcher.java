package io.gleitzeit.services.llm;

import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Turns an image given by URL into inline data, for APIs that only take bytes (Ollama, Gemini). Images above
 * {@link #DEFAULT_MAX_BYTES} are refused rather than held in memory.
 */
public final class ImageFetcher {
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final long maxBytes;

    public ImageFetcher(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public ImageFetcher() {
        this(DEFAULT_MAX_BYTES);
    }

    /** The image as inline data: itself when already inline, else downloaded. */
    public ImageInput inline(ImageInput image) throws InterruptedException {
        Objects.requireNonNull(image, "image");
        if (image.isInline()) {
            return image;
        }
        HttpRequest request = HttpRequest.newBuilder(image.url()).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    boolean retry = response.statusCode() >= 500 || response.statusCode() == 429;
                    throw TaskFailedException.of(new TaskFault("image " + image.url() + " answered HTTP "
                            + response.statusCode(), "image_unavailable",
                            retry ? TaskFault.Retry.ALLOWED : TaskFault.Retry.NOT_ALLOWED), null);
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw TaskFailedException.nonRetryable(TaskFault.INVALID_ARGUMENT,
                            "image " + image.url() + " is larger than " + maxBytes + " bytes");
                }
                String type = response.headers().firstValue("Content-Type")
                        .filter(t -> t.startsWith("image/"))
                        .map(t -> t.split(";")[0].trim())
                        .orElse(ImageInput.sniff(bytes));
                return ImageInput.inline(type, Base64.getEncoder().encodeToString(bytes));
            }
        } catch (IOException e) {
            throw TaskFailedException.retryable("image_unavailable", "could not fetch image " + image.url()
                    + ": " + e.getMessage());
        }
    }
}
