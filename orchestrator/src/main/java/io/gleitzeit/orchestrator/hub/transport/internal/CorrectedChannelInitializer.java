package io.gleitzeit.orchestrator.hub.transport.internal;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import io.gleitzeit.orchestrator.hub.transport.TlsOptions;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * netty-socketio's pipeline with the {@link TransportCorrection}s put around the library's own handlers, and TLS from
 * PEM files through Netty's {@link SslContext} (the library's own TLS wants a key store and defaults to TLSv1).
 *
 * <p>Inbound, a polling request passes: [packet shortcut], [TLS], HTTP decoder and aggregator, [EIO3 text POST
 * normalizer] before the polling transport, which fires its packets from the head again: [packet shortcut] →
 * [packets entry], [payload splitter], [close responder], the library's packet handler. Outbound, polling responses
 * pass the replaced packet encoder, then [connection close announcer] before the HTTP encoder.
 */
public final class CorrectedChannelInitializer extends SocketIOChannelInitializer {
    static final String CONNECTION_CLOSE = "gleitzeitConnectionClose";
    static final String PAYLOAD_SPLITTER = "gleitzeitPayloadSplitter";
    static final String EIO3_TEXT_POST = "gleitzeitEio3TextPost";
    static final String CLOSE_RESPONDER = "gleitzeitCloseResponder";
    static final String PACKET_SHORTCUT = "gleitzeitPacketShortcut";
    static final String PACKETS_ENTRY = "gleitzeitPacketsEntry";

    private final Set<TransportCorrection> corrections;
    private final SslContext sslContext;
    private final ConnectionCloseAnnouncer connectionClose = new ConnectionCloseAnnouncer();
    private final PollingPayloadSplitter payloadSplitter = new PollingPayloadSplitter();
    private final Eio3TextPostNormalizer eio3TextPost = new Eio3TextPostNormalizer();
    private final PollingCloseResponder closeResponder = new PollingCloseResponder();
    private final PacketShortcut packetShortcut = new PacketShortcut(PACKETS_ENTRY);
    private final PacketsEntry packetsEntry = new PacketsEntry();
    private EncoderHandler encoder;

    public CorrectedChannelInitializer(Set<TransportCorrection> corrections, Optional<TlsOptions> tls) {
        this.corrections = corrections.isEmpty() ? EnumSet.noneOf(TransportCorrection.class) : EnumSet.copyOf(corrections);
        this.sslContext = tls.map(CorrectedChannelInitializer::sslContext).orElse(null);
    }

    private static SslContext sslContext(TlsOptions tls) {
        try {
            return SslContextBuilder
                    .forServer(tls.certificateChain().toFile(), tls.privateKey().toFile(), tls.keyPassword().orElse(null))
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tls: cannot use " + tls.certificateChain() + " and "
                    + tls.privateKey() + ": " + e.getMessage(), e);
        }
    }

    /** Marks where the packet handlers begin, for {@link PacketShortcut}. */
    @Sharable
    private static final class PacketsEntry extends ChannelInboundHandlerAdapter {
    }

    @Override
    public void start(Configuration configuration, NamespacesHub namespacesHub) {
        super.start(configuration, namespacesHub);
        if (corrections.contains(TransportCorrection.BOUNDED_BATCHES)
                || corrections.contains(TransportCorrection.EIO3_PAYLOADS)) {
            try {
                encoder = new EncoderHandler(configuration,
                        new LosslessPacketEncoder(configuration, configuration.getJsonSupport(), corrections));
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the packet encoder", e);
            }
        }
    }

    @Override
    protected void addSslHandler(ChannelPipeline pipeline) {
        if (sslContext != null) {
            pipeline.addLast(SSL_HANDLER, sslContext.newHandler(pipeline.channel().alloc()));
        }
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        if (encoder != null) {
            pipeline.replace(SOCKETIO_ENCODER, SOCKETIO_ENCODER, encoder);
        }
        if (corrections.contains(TransportCorrection.DIRECT_PACKET_DELIVERY)) {
            pipeline.addBefore(PACKET_HANDLER, PACKETS_ENTRY, packetsEntry);
            pipeline.addFirst(PACKET_SHORTCUT, packetShortcut);
        }
        if (corrections.contains(TransportCorrection.CONNECTION_CLOSE)) {
            pipeline.addAfter(HTTP_ENCODER, CONNECTION_CLOSE, connectionClose);
        }
        if (corrections.contains(TransportCorrection.SPLIT_PAYLOADS)) {
            pipeline.addBefore(PACKET_HANDLER, PAYLOAD_SPLITTER, payloadSplitter);
        }
        if (corrections.contains(TransportCorrection.END_POLL_ON_CLOSE)) {
            // After the splitter, so that it sees one packet at a time.
            pipeline.addBefore(PACKET_HANDLER, CLOSE_RESPONDER, closeResponder);
        }
        if (corrections.contains(TransportCorrection.EIO3_PAYLOADS)) {
            pipeline.addBefore(XHR_POLLING_TRANSPORT, EIO3_TEXT_POST, eio3TextPost);
        }
    }
}
