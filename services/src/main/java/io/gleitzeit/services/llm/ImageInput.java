package io.gleitzeit.services.llm;

import java.net.URI;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image for a vision task, as the workflow gave it: inline base64 data (plain or a {@code data:} URL) or an
 * http(s) URL that a backend either passes on or fetches ({@link ImageFetcher}).
 *
 * @param mediaType the MIME type of inline data ({@code image/png}…), sniffed from its first bytes when not given;
 *                  {@code null} for a URL
 * @param base64    the inline data, or {@code null} for a URL
 * @param url       the image's URL, or {@code null} for inline data
 */
public record ImageInput(String mediaType, String base64, URI url) {
    private static final Pattern DATA_URL = Pattern.compile("data:([\\w.+-]+/[\\w.+-]+)?(;[^,]*)?;base64,(.*)",
            Pattern.DOTALL);

    public ImageInput {
        if ((base64 == null) == (url == null)) {
            throw new IllegalArgumentException("an image is either inline base64 data or a URL");
        }
    }

    /** Inline data of the given type. */
    public static ImageInput inline(String mediaType, String base64) {
        return new ImageInput(Objects.requireNonNull(mediaType, "mediaType"), base64, null);
    }

    public boolean isInline() {
        return base64 != null;
    }

    /** A {@code data:} URL of inline data (OpenAI's {@code image_url} takes these). */
    public String dataUrl() {
        return "data:" + mediaType + ";base64," + base64;
    }

    /**
     * Reads a task's {@code image} field.
     *
     * @param value the field's text
     * @param path  its JSON path, for the error message
     */
    public static ImageInput parse(String value, String path) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(path + " must be base64 image data or an http(s) URL, was empty");
        }
        String text = value.trim();
        if (text.startsWith("http://") || text.startsWith("https://")) {
            try {
                return new ImageInput(null, null, URI.create(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + " is not a valid URL: " + e.getMessage(), e);
            }
        }
        String declaredType = null;
        Matcher dataUrl = DATA_URL.matcher(text);
        if (text.startsWith("data:")) {
            if (!dataUrl.matches()) {
                throw new IllegalArgumentException(path + " is a data URL without ';base64,' data");
            }
            declaredType = dataUrl.group(1);
            text = dataUrl.group(3);
        }
        String data = text.replaceAll("\\s", "");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + " must be base64 image data or an http(s) URL: "
                    + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException(path + " holds no image data");
        }
        return inline(declaredType != null ? declaredType : sniff(bytes), data);
    }

    /** The media type of image bytes by their signature; {@code image/png} when unknown, as most servers accept. */
    public static String sniff(byte[] bytes) {
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(bytes, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (bytes.length >= 12 && startsWith(bytes, 'R', 'I', 'F', 'F') && bytes[8] == 'W' && bytes[9] == 'E'
                && bytes[10] == 'B' && bytes[11] == 'P') {
            return "image/webp";
        }
        return "image/png";
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        // image data can be megabytes: never print it whole
        return isInline() ? "ImageInput[" + mediaType + ", " + base64.length() + " base64 chars]"
                : "ImageInput[" + url + "]";
    }
}
