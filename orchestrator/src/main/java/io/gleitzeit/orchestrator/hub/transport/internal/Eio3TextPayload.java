package io.gleitzeit.orchestrator.hub.transport.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Engine.IO 3 text payloads as engine.io-parser 2 writes and reads them: {@code <length>:<packet>} repeated, the
 * length counting UTF-16 code units (JavaScript's {@code String.length}), the text UTF-8 encoded once on the wire.
 * Java strings count the same units, so lengths carry over unchanged.
 */
public final class Eio3TextPayload {
    private Eio3TextPayload() {
    }

    /**
     * The packets of {@code payload}.
     *
     * @throws IllegalArgumentException when it is not a well-formed text payload
     */
    public static List<String> decode(String payload) {
        List<String> packets = new ArrayList<>();
        int i = 0;
        while (i < payload.length()) {
            int colon = payload.indexOf(':', i);
            if (colon <= i || colon - i > 10) {
                throw new IllegalArgumentException("no length header at " + i);
            }
            int length;
            try {
                length = Integer.parseInt(payload.substring(i, colon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad length header at " + i);
            }
            int end = colon + 1 + length;
            if (length < 0 || end > payload.length()) {
                throw new IllegalArgumentException("packet at " + i + " claims " + length + " characters, "
                        + (payload.length() - colon - 1) + " remain");
            }
            packets.add(payload.substring(colon + 1, end));
            i = end;
        }
        return packets;
    }

    /** The text payload of {@code packets}. */
    public static String encode(List<String> packets) {
        StringBuilder payload = new StringBuilder();
        for (String packet : packets) {
            appendPacket(payload, packet);
        }
        return payload.toString();
    }

    /** Appends one {@code <length>:<packet>} record. */
    public static void appendPacket(StringBuilder payload, String packet) {
        payload.append(packet.length()).append(':').append(packet);
    }
}
