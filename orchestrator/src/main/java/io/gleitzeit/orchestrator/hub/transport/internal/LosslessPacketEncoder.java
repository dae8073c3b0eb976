package io.gleitzeit.orchestrator.hub.transport.internal;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.base64.Base64;
import io.netty.util.CharsetUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;

/**
 * The library's packet encoder, corrected for polling responses (see {@link TransportCorrection#BOUNDED_BATCHES}
 * and {@link TransportCorrection#EIO3_PAYLOADS}). Websocket frames and JSONP responses are encoded by the library.
 */
public final class LosslessPacketEncoder extends PacketEncoder {
    /** python-engineio's client ({@code Payload.max_decode_packets}) drops the connection on more. */
    public static final int MAX_PACKETS_PER_RESPONSE = 16;

    private final boolean losslessBatches;
    private final boolean eio3Payloads;

    public LosslessPacketEncoder(Configuration configuration, JsonSupport jsonSupport, Set<TransportCorrection> corrections) {
        super(configuration, jsonSupport);
        this.losslessBatches = corrections.contains(TransportCorrection.BOUNDED_BATCHES);
        this.eio3Payloads = corrections.contains(TransportCorrection.EIO3_PAYLOADS);
    }

    /** A binary polling response (XHR2): EIO4 records, or EIO3 length-framed packets. */
    @Override
    public void encodePackets(Queue<Packet> packets, ByteBuf buffer, ByteBufAllocator allocator, int limit)
            throws IOException {
        Queue<Packet> batch = losslessBatches ? take(packets, limit) : packets;
        if (eio3Payloads && isEio3(batch.peek())) {
            encodeEio3Binary(batch, buffer, allocator, limit);
        } else {
            super.encodePackets(batch, buffer, allocator, limit);
        }
    }

    /** A text polling response ({@code b64=1}, Engine.IO 3), or a JSONP one. */
    @Override
    public void encodeJsonP(Integer jsonpIndex, Queue<Packet> packets, ByteBuf out, ByteBufAllocator allocator,
                            int limit) throws IOException {
        Queue<Packet> batch = losslessBatches ? take(packets, limit) : packets;
        if (eio3Payloads && jsonpIndex == null) {
            encodeEio3Text(batch, out, allocator, limit);
        } else {
            super.encodeJsonP(jsonpIndex, batch, out, allocator, limit);
        }
    }

    /** Up to {@link #MAX_PACKETS_PER_RESPONSE} packets off the client's queue; the rest stay for the next poll. */
    private static Queue<Packet> take(Queue<Packet> packets, int limit) {
        int max = Math.min(limit, MAX_PACKETS_PER_RESPONSE);
        Queue<Packet> batch = new ArrayDeque<>(max);
        Packet packet;
        while (batch.size() < max && (packet = packets.poll()) != null) {
            batch.add(packet);
        }
        return batch;
    }

    private static boolean isEio3(Packet packet) {
        return packet != null && EngineIOVersion.V3.equals(packet.getEngineIOVersion());
    }

    // engine.io-parser 2 encodePayloadAsBinary: <0><length digits as bytes 0-9><255><UTF-8 packet> per packet, no
    // separator (0x1E belongs to Engine.IO 4); attachments as <1><digits><255><4><bytes>.
    private void encodeEio3Binary(Queue<Packet> packets, ByteBuf out, ByteBufAllocator allocator, int limit)
            throws IOException {
        Packet packet;
        for (int i = 0; i < limit && (packet = packets.poll()) != null; i++) {
            encodePacket(packet, out, allocator, false); // for EIO3 this writes the string frame header itself
            for (ByteBuf attachment : packet.getAttachments()) {
                out.writeByte(1);
                out.writeBytes(longToBytes(attachment.readableBytes() + 1L));
                out.writeByte(0xff);
                out.writeByte(4);
                out.writeBytes(attachment, attachment.readerIndex(), attachment.readableBytes());
            }
        }
    }

    // engine.io-parser 2 encodePayload: <UTF-16 length>:<packet> per packet, UTF-8 once; attachments base64 as
    // "b4<base64>".
    private void encodeEio3Text(Queue<Packet> packets, ByteBuf out, ByteBufAllocator allocator, int limit)
            throws IOException {
        StringBuilder payload = new StringBuilder();
        Packet packet;
        for (int i = 0; i < limit && (packet = packets.poll()) != null; i++) {
            ByteBuf raw = allocateBuffer(allocator);
            try {
                encodePacket(packet, raw, allocator, true);
                Eio3TextPayload.appendPacket(payload, raw.toString(CharsetUtil.UTF_8));
            } finally {
                raw.release();
            }
            for (ByteBuf attachment : packet.getAttachments()) {
                ByteBuf base64 = Base64.encode(attachment, attachment.readerIndex(), attachment.readableBytes(), false);
                try {
                    Eio3TextPayload.appendPacket(payload, "b4" + base64.toString(CharsetUtil.US_ASCII));
                } finally {
                    base64.release();
                }
            }
        }
        ByteBufUtil.writeUtf8(out, payload);
    }
}
