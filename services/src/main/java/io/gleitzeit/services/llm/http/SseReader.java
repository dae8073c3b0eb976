package io.gleitzeit.services.llm.http;

import java.io.IOException;

/**
 * Reads Server-Sent Events (the WHATWG event-stream format) from a response: {@code event:} and {@code data:} fields,
 * several {@code data:} lines joined by {@code \n}, an event dispatched at a blank line, comments ({@code :}) and
 * {@code id:}/{@code retry:} ignored.
 */
public final class SseReader {
    /** One dispatched event; {@code event} is {@code message} when the stream named none. */
    public record Event(String event, String data) {
    }

    private final HttpExchange exchange;

    public SseReader(HttpExchange exchange) {
        this.exchange = exchange;
    }

    /** The next event, or {@code null} when the stream ended. */
    public Event next() throws IOException, InterruptedException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = exchange.nextLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(event == null ? "message" : event, data.toString());
                }
                event = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                event = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        // a final event without its blank line still counts
        return data != null ? new Event(event == null ? "message" : event, data.toString()) : null;
    }
}
