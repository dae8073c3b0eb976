package io.gleitzeit.orchestrator.hub.transport.internal;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import io.gleitzeit.orchestrator.hub.transport.TlsOptions;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * netty-socketio's pipeline with the {@link PollingCorrection}s put around the library's own handlers, and TLS from
 * PEM files through Netty's {@link SslContext} (the library's own TLS wants a key store and defaults to TLSv1).
 */
public final class CorrectedChannelInitializer extends SocketIOChannelInitializer {
    static final String CONNECTION_CLOSE = "gleitzeitConnectionClose";
    static final String PAYLOAD_SPLITTER = "gleitzeitPayloadSplitter";
    static final String EIO3_TEXT_POST = "gleitzeitEio3TextPost";

    private final Set<PollingCorrection> corrections;
    private final SslContext sslContext;
    private final ConnectionCloseAnnouncer connectionClose = new ConnectionCloseAnnouncer();
    private final PollingPayloadSplitter payloadSplitter = new PollingPayloadSplitter();
    private final Eio3TextPostNormalizer eio3TextPost = new Eio3TextPostNormalizer();
    private EncoderHandler encoder;

    public CorrectedChannelInitializer(Set<PollingCorrection> corrections, Optional<TlsOptions> tls) {
        this.corrections = corrections.isEmpty() ? EnumSet.noneOf(PollingCorrection.class) : EnumSet.copyOf(corrections);
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

    @Override
    public void start(Configuration configuration, NamespacesHub namespacesHub) {
        super.start(configuration, namespacesHub);
        if (corrections.contains(PollingCorrection.BOUNDED_BATCHES)
                || corrections.contains(PollingCorrection.EIO3_PAYLOADS)) {
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
        if (corrections.contains(PollingCorrection.CONNECTION_CLOSE)) {
            pipeline.addAfter(HTTP_ENCODER, CONNECTION_CLOSE, connectionClose);
        }
        if (corrections.contains(PollingCorrection.SPLIT_PAYLOADS)) {
            pipeline.addBefore(PACKET_HANDLER, PAYLOAD_SPLITTER, payloadSplitter);
        }
        if (corrections.contains(PollingCorrection.EIO3_PAYLOADS)) {
            pipeline.addBefore(XHR_POLLING_TRANSPORT, EIO3_TEXT_POST, eio3TextPost);
        }
    }
}
