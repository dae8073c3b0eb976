package io.gleitzeit.services.sdk;

import java.net.URI;

/** Hub URLs as services and clients accept them: http(s) with a host; errors name the {@code hubUrls} option. */
public final class HubUrls {

    private HubUrls() {
    }

    /** {@code url} as a URI, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("hubUrls must not contain a blank URL");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hubUrls: '" + url + "' is not a URL", e);
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new IllegalArgumentException("hubUrls: '" + url + "' must be an http(s) URL with a host");
        }
        return uri;
    }
}
