package io.gleitzeit.orchestrator.hub.transport.internal;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Answers a client's held poll when it closes its Engine.IO session over polling (see
 * {@link TransportCorrection#END_POLL_ON_CLOSE}): after the library has handled the close packet, sends the client a
 * close packet, which goes out on the poll it is still waiting on, as the reference server does.
 */
@Sharable
public final class PollingCloseResponder extends ChannelInboundHandlerAdapter {
    private static final byte CLOSE = '1';

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ClientHead closing = msg instanceof PacketsMessage message && isClose(message) ? message.getClient() : null;
        ctx.fireChannelRead(msg);
        if (closing != null) {
            closing.send(new Packet(PacketType.CLOSE, closing.getEngineIOVersion()), Transport.POLLING);
        }
    }

    /** An Engine.IO 4 close packet alone (the payload splitter hands over one packet at a time). */
    private static boolean isClose(PacketsMessage message) {
        ByteBuf content = message.getContent();
        return message.getTransport() == Transport.POLLING
                && EngineIOVersion.V4.equals(message.getClient().getEngineIOVersion())
                && content.readableBytes() == 1
                && content.getByte(content.readerIndex()) == CLOSE;
    }
}
