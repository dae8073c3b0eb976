package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import com.corundumstudio.socketio.protocol.PacketType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.orchestrator.hub.transport.internal.LosslessPacketEncoder;
import io.gleitzeit.orchestrator.hub.transport.internal.TransportCorrection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Engine.IO 3 polling responses, decoded by the real engine.io-parser 2.2.1 that socket.io-client 2 uses: the
 * text kind (what Node and old browsers ask for with {@code b64=1}) and the binary kind (XHR2 browsers).
 */
class EngineIo3ParserCompatibilityTest {
    static final String TEXT = "Grüße 🚀 日本語 +%41";
    static final ObjectMapper JSON = new ObjectMapper();

    final Configuration configuration = new Configuration();
    final JacksonJsonSupport jsonSupport = new JacksonJsonSupport();
    final PacketEncoder library = new PacketEncoder(configuration, jsonSupport);
    final PacketEncoder corrected = new LosslessPacketEncoder(configuration, jsonSupport,
            EnumSet.allOf(TransportCorrection.class));

    static Queue<Packet> events(int count) {
        Queue<Packet> queue = new ArrayDeque<>();
        for (int i = 0; i < count; i++) {
            Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V3);
            packet.setSubType(PacketType.EVENT);
            packet.setNsp("/cluster");
            packet.setName("server:echo");
            packet.setData(List.of(Map.of("text", TEXT + " #" + i)));
            queue.add(packet);
        }
        return queue;
    }

    /** The text argument of a decoded {@code 2/cluster,["server:echo",{"text":...}]} packet. */
    static String textOf(JsonNode packet) throws Exception {
        String data = packet.path("data").asText();
        assertThat(data).startsWith("2/cluster,[\"server:echo\",");
        return JSON.readTree(data.substring(data.indexOf('['))).path(1).path("text").asText();
    }

    static JsonNode decode(String kind, ByteBuf body) throws Exception {
        String base64 = Base64.getEncoder().encodeToString(ByteBufUtil.getBytes(body));
        body.release();
        return JSON.readTree(Harness.runNodeScript("decode-eio3.js", kind, base64));
    }

    @Nested
    class TextPayloads {

        @Test
        void decodeIntoTheSamePacketsWithTheTextIntact() throws Exception {
            ByteBuf body = Unpooled.buffer();
            corrected.encodeJsonP(null, events(3), body, ByteBufAllocator.DEFAULT, 50);

            JsonNode packets = decode("text", body);

            assertThat(packets).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(packets.get(i).path("type").asText()).isEqualTo("message");
                assertThat(textOf(packets.get(i))).isEqualTo(TEXT + " #" + i);
            }
        }

        @Test
        void fromTheLibraryAloneArriveWithTheirTextMangled() throws Exception {
            ByteBuf body = Unpooled.buffer();
            library.encodeJsonP(null, events(1), body, ByteBufAllocator.DEFAULT, 50);

            JsonNode packets = decode("text", body);

            // Byte lengths plus UTF-8 encoded twice: the parser reads each byte as a character.
            assertThat(textOf(packets.get(0))).startsWith("GrÃ¼Ã").isNotEqualTo(TEXT + " #0");
        }
    }

    @Nested
    class BinaryPayloads {

        @Test
        void decodeIntoTheSamePacketsWithTheTextIntact() throws Exception {
            ByteBuf body = Unpooled.buffer();
            corrected.encodePackets(events(3), body, ByteBufAllocator.DEFAULT, 50);

            JsonNode packets = decode("binary", body);

            assertThat(packets).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(packets.get(i).path("type").asText()).isEqualTo("message");
                assertThat(textOf(packets.get(i))).isEqualTo(TEXT + " #" + i);
            }
        }

        @Test
        void fromTheLibraryAloneLoseEveryPacketButTheFirst() throws Exception {
            ByteBuf body = Unpooled.buffer();
            library.encodePackets(events(3), body, ByteBufAllocator.DEFAULT, 50);

            JsonNode packets = decode("binary", body);

            List<JsonNode> messages = new java.util.ArrayList<>();
            packets.forEach(packet -> {
                if (packet.path("type").asText().equals("message")) {
                    messages.add(packet);
                }
            });
            assertThat(messages).hasSize(1);
            assertThat(textOf(messages.get(0))).isEqualTo(TEXT + " #0");
        }
    }
}
