package io.gleitzeit.orchestrator.hub.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One HTTP/1.1 exchange on a plain socket, to see exactly what the hub answers and whether it closes. */
final class RawHttp {
    record Response(int status, Map<String, String> headers, String body, boolean closedByServer) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code GET target} with {@code Connection: keep-alive} and any extra header lines. */
    static Response get(int port, String target, String... extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: keep-alive\r\n");
            for (String header : extraHeaders) {
                request.append(header).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        boolean closed = false;
        int headerEnd = -1;
        int contentLength = -1;
        while (true) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                break; // the server kept the connection open
            }
            if (n < 0) {
                closed = true;
                break;
            }
            raw.write(chunk, 0, n);
            String text = raw.toString(StandardCharsets.ISO_8859_1);
            if (headerEnd < 0 && (headerEnd = text.indexOf("\r\n\r\n")) >= 0) {
                contentLength = contentLength(text.substring(0, headerEnd));
            }
            if (headerEnd >= 0 && contentLength >= 0 && raw.size() >= headerEnd + 4 + contentLength) {
                // The whole response is here; wait briefly for the close the library does after each one.
                try {
                    closed = in.read() < 0;
                } catch (SocketTimeoutException e) {
                    closed = false;
                }
                break;
            }
        }
        String text = raw.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.substring(0, Math.max(headerEnd, 0)).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String body = headerEnd < 0 ? "" : new String(raw.toByteArray(), headerEnd + 4,
                raw.size() - headerEnd - 4, StandardCharsets.UTF_8);
        return new Response(status, headers, body, closed);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return -1;
    }
}
