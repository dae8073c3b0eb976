package io.gleitzeit.orchestrator.hub.transport.internal;

import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First in the pipeline: takes the packet messages the library fires from the pipeline's head and hands them
 * straight to the packet handlers, past TLS and the HTTP and websocket codecs, which would only pass them on (see
 * {@link TransportCorrection#DIRECT_PACKET_DELIVERY}).
 */
@Sharable
public final class PacketShortcut extends ChannelInboundHandlerAdapter {
    private final String entry;

    /** @param entry the name of the handler right before the packet handlers */
    public PacketShortcut(String entry) {
        this.entry = entry;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PacketsMessage) {
            ChannelHandlerContext packetsEntry = ctx.pipeline().context(entry);
            if (packetsEntry != null) {
                packetsEntry.fireChannelRead(msg);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
