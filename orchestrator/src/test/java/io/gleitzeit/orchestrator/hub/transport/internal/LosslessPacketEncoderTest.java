package io.gleitzeit.orchestrator.hub.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.CharsetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LosslessPacketEncoderTest {
    /** The limit the library's EncoderHandler passes for every polling response. */
    static final int LIBRARY_LIMIT = 50;
    /** Two- and three-byte UTF-8 (the JSON writer escapes astral characters as \\uXXXX pairs). */
    static final String TEXT = "Grüße 日本語";

    final PacketEncoder library = new PacketEncoder(Packets.CONFIGURATION, Packets.JSON);
    final LosslessPacketEncoder corrected = new LosslessPacketEncoder(Packets.CONFIGURATION, Packets.JSON,
            EnumSet.allOf(TransportCorrection.class));
    final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    static List<String> records(ByteBuf out) {
        try {
            return Arrays.asList(out.toString(CharsetUtil.UTF_8).split("\u001e"));
        } finally {
            out.release();
        }
    }

    @Nested
    class EngineIo4BinaryResponses {

        @Test
        void theLibraryAloneLosesThePacketItPollsPastItsLimit() throws Exception {
            Queue<Packet> queue = Packets.acks(EngineIOVersion.V4, 60, "x");
            ByteBuf out = Unpooled.buffer();

            library.encodePackets(queue, out, alloc, LIBRARY_LIMIT);

            assertThat(records(out)).hasSize(50);
            assertThat(queue).as("60 queued, 50 sent: one is gone").hasSize(9);
            assertThat(queue.peek().getAckId()).isEqualTo(51L);
        }

        @Test
        void sendsAtMost16PacketsAndLeavesTheRestQueuedInOrder() throws Exception {
            Queue<Packet> queue = Packets.acks(EngineIOVersion.V4, 60, "x");
            ByteBuf out = Unpooled.buffer();

            corrected.encodePackets(queue, out, alloc, LIBRARY_LIMIT);

            List<String> expected = new ArrayList<>();
            for (int id = 0; id < 16; id++) {
                expected.add(Packets.encodedAck(id, "x"));
            }
            assertThat(records(out)).containsExactlyElementsOf(expected);
            assertThat(queue).hasSize(44);
            assertThat(queue.peek().getAckId()).isEqualTo(16L);
        }

        @Test
        void sendsEverythingAcrossPollsWithoutLosingAPacket() throws Exception {
            Queue<Packet> queue = Packets.acks(EngineIOVersion.V4, 500, TEXT);
            List<String> received = new ArrayList<>();

            while (!queue.isEmpty()) {
                ByteBuf out = Unpooled.buffer();
                corrected.encodePackets(queue, out, alloc, LIBRARY_LIMIT);
                received.addAll(records(out));
            }

            assertThat(received).hasSize(500);
            assertThat(received.get(499)).isEqualTo(Packets.encodedAck(499, TEXT));
        }
    }

    @Nested
    class EngineIo3BinaryResponses {

        @Test
        void theLibraryAloneSeparatesEngineIo3PacketsWithTheEngineIo4Separator() throws Exception {
            ByteBuf out = Unpooled.buffer();

            library.encodePackets(Packets.acks(EngineIOVersion.V3, 2, "x"), out, alloc, LIBRARY_LIMIT);

            assertThat(out.indexOf(out.readerIndex(), out.writerIndex(), (byte) 0x1e)).isPositive();
            out.release();
        }

        @Test
        void framesEachPacketWithItsUtf8LengthAndNoSeparator() throws Exception {
            ByteBuf out = Unpooled.buffer();

            corrected.encodePackets(Packets.acks(EngineIOVersion.V3, 2, TEXT), out, alloc, LIBRARY_LIMIT);

            ByteBuf expected = Unpooled.buffer();
            for (int id = 0; id < 2; id++) {
                byte[] packet = Packets.encodedAck(id, TEXT).getBytes(CharsetUtil.UTF_8);
                expected.writeByte(0);
                for (char digit : Integer.toString(packet.length).toCharArray()) {
                    expected.writeByte(digit - '0');
                }
                expected.writeByte(0xff);
                expected.writeBytes(packet);
            }
            assertThat(ByteBufUtilHex.hex(out)).isEqualTo(ByteBufUtilHex.hex(expected));
            out.release();
            expected.release();
        }
    }

    @Nested
    class EngineIo3TextResponses {

        @Test
        void theLibraryAloneCountsBytesAndEncodesUtf8Twice() throws Exception {
            ByteBuf out = Unpooled.buffer();

            library.encodeJsonP(null, Packets.acks(EngineIOVersion.V3, 1, TEXT), out, alloc, LIBRARY_LIMIT);

            String packet = Packets.encodedAck(0, TEXT);
            String body = out.toString(CharsetUtil.UTF_8);
            out.release();
            int bytes = packet.getBytes(CharsetUtil.UTF_8).length;
            assertThat(bytes).isNotEqualTo(packet.length());
            assertThat(body).startsWith(bytes + ":").doesNotContain(TEXT).contains("GrÃ¼Ã");
        }

        @Test
        void prefixesEachPacketWithItsLengthInUtf16UnitsAndEncodesUtf8Once() throws Exception {
            ByteBuf out = Unpooled.buffer();

            corrected.encodeJsonP(null, Packets.acks(EngineIOVersion.V3, 2, TEXT), out, alloc, LIBRARY_LIMIT);

            String first = Packets.encodedAck(0, TEXT);
            String second = Packets.encodedAck(1, TEXT);
            assertThat(out.toString(CharsetUtil.UTF_8))
                    .isEqualTo(first.length() + ":" + first + second.length() + ":" + second);
            out.release();
        }
    }

    /** Hex dumps, so that a mismatch shows where. */
    static final class ByteBufUtilHex {
        static String hex(ByteBuf buf) {
            return io.netty.buffer.ByteBufUtil.hexDump(buf);
        }
    }
}
