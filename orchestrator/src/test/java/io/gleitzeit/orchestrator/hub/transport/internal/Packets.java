package io.gleitzeit.orchestrator.hub.transport.internal;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/** Socket.IO packets as the hub queues them for a client, for encoder tests. */
final class Packets {
    static final JsonSupport JSON = new JacksonJsonSupport();
    static final Configuration CONFIGURATION = new Configuration();

    private Packets() {
    }

    /** An acknowledgement {@code 3/cluster,<id>[{"seq":<id>,"text":...}]}. */
    static Packet ack(EngineIOVersion version, long id, String text) {
        Packet packet = new Packet(PacketType.MESSAGE, version);
        packet.setSubType(PacketType.ACK);
        packet.setNsp("/cluster");
        packet.setAckId(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", id);
        body.put("text", text);
        packet.setData(List.of(body));
        return packet;
    }

    static Queue<Packet> acks(EngineIOVersion version, int count, String text) {
        Queue<Packet> queue = new ArrayDeque<>();
        for (int id = 0; id < count; id++) {
            queue.add(ack(version, id, text));
        }
        return queue;
    }

    /** What {@link #ack} encodes to, as the client reads it. */
    static String encodedAck(long id, String text) {
        return "43/cluster," + id + "[{\"seq\":" + id + ",\"text\":\"" + text + "\"}]";
    }
}
