package io.gleitzeit.orchestrator.hub.transport.internal;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Hands the library's packet decoder one Engine.IO 4 packet at a time: a polling POST body holds several, separated
 * by 0x1E, and the decoder copies each but the last into a buffer it never releases
 * (see {@link TransportCorrection#SPLIT_PAYLOADS}). A single packet it decodes in place.
 *
 * <p>The slices share the request's buffer, which the library releases after this returns.
 */
@Sharable
public final class PollingPayloadSplitter extends ChannelInboundHandlerAdapter {
    private static final byte RECORD_SEPARATOR = 0x1e;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PacketsMessage message) || message.getTransport() != Transport.POLLING
                || !EngineIOVersion.V4.equals(message.getClient().getEngineIOVersion())) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf content = message.getContent();
        int start = content.readerIndex();
        int end = content.writerIndex();
        if (content.indexOf(start, end, RECORD_SEPARATOR) < 0) {
            ctx.fireChannelRead(msg);
            return;
        }
        while (start < end) {
            int separator = content.indexOf(start, end, RECORD_SEPARATOR);
            int recordEnd = separator < 0 ? end : separator;
            if (recordEnd > start) {
                ByteBuf record = content.slice(start, recordEnd - start);
                ctx.fireChannelRead(new PacketsMessage(message.getClient(), record, Transport.POLLING));
            }
            start = recordEnd + 1;
        }
        content.readerIndex(end);
    }
}
