package io.gleitzeit.orchestrator.hub.transport.internal;

/**
 * The corrections that make netty-socketio 2.0.14 work for default clients: its HTTP long-polling, and TLS on Netty
 * 4.2. Each one can be left out so that a test can show what the library does without it; production uses them all.
 */
public enum TransportCorrection {
    /**
     * Lost packets. {@code PacketEncoder.encodePackets} and {@code encodeJsonP} poll a packet from the client's queue
     * before checking their 50-packet limit, so with more than 50 packets queued the 51st is taken and dropped.
     * And python-engineio's client refuses a polling payload of more than 16 packets
     * ({@code Payload.max_decode_packets}) and drops the connection. Corrected by handing the encoder at most
     * {@link LosslessPacketEncoder#MAX_PACKETS_PER_RESPONSE} packets at a time; the rest stay queued for the next
     * poll.
     */
    BOUNDED_BATCHES,
    /**
     * Dead keep-alive connections. {@code EncoderHandler} sends every polling response with
     * {@code Connection: keep-alive} and then closes the channel; aiohttp reuses the closed connection and fails
     * ("Server disconnected"). Corrected by announcing {@code Connection: close}, which is what happens.
     */
    CONNECTION_CLOSE,
    /**
     * Buffer leak. {@code PacketDecoder.decode} copies every packet but the last of an Engine.IO 4 polling payload
     * (records separated by 0x1E) into a new buffer it never releases. Corrected by splitting the payload into
     * slices of the request before the decoder sees it, so it never copies.
     */
    SPLIT_PAYLOADS,
    /**
     * Hanging disconnects. When a client closes its session over polling (Engine.IO close packet), the library
     * disconnects it but never answers the poll the client still has open, so a client that waits for its read
     * loop (python-socketio's threaded client) hangs until its request times out (30 s). Corrected by sending the
     * client a close packet, which answers that poll, as the reference server does. Engine.IO 4 only.
     */
    END_POLL_ON_CLOSE,
    /**
     * Packets lost under TLS. The library's polling and websocket transports hand each request's packets on by
     * firing them from the head of the pipeline ({@code ctx.pipeline().fireChannelRead}) and release their buffer as
     * soon as that call returns. Under TLS the first handler is Netty 4.2's {@code SslHandler}, a
     * {@code ByteToMessageDecoder} that decrypts and passes data on from inside its decode, and defers reads that
     * arrive meanwhile until its decode returns: by then the buffer is released, the packet handler fails with
     * {@code IllegalReferenceCountException} and the packet is lost (no client can even connect). Corrected by a
     * handler first in the pipeline that hands such packet messages straight to the packet handlers, which is where
     * every handler in between would pass them anyway.
     */
    DIRECT_PACKET_DELIVERY,
    /**
     * Engine.IO 3 payloads. The library frames EIO3 text payloads with byte lengths and UTF-8 encodes them twice,
     * URL-decodes text POST bodies ('+' becomes ' ', '%41' becomes 'A') and counts their lengths in code points
     * (engine.io-parser 2 counts UTF-16 units), and puts EIO4's 0x1E separator into EIO3 binary payloads.
     * Corrected by encoding both EIO3 payload kinds per engine.io-parser 2 and rewriting text POST bodies into the
     * byte-length framing the library decodes exactly.
     */
    EIO3_PAYLOADS
}
