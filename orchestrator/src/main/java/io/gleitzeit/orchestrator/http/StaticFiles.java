package io.gleitzeit.orchestrator.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard's files, read from the class path under {@value #ROOT}. Only plain names are served (letters,
 * digits, {@code . - _ /}, no {@code ..}), so no request reaches anything else on the class path.
 */
final class StaticFiles {
    static final String ROOT = "io/gleitzeit/orchestrator/dashboard/";
    private static final Pattern SAFE =
            Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*(/[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    /** A file's bytes and content type. */
    record File(byte[] bytes, String contentType) {
    }

    /** The file at {@code path} ({@code index.html} for {@code /}), or empty. */
    Optional<File> find(String path) throws IOException {
        String name = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
        if (!SAFE.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(new File(in.readAllBytes(), type));
        }
    }
}
