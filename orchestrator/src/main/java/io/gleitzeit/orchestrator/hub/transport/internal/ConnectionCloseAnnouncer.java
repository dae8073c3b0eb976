package io.gleitzeit.orchestrator.hub.transport.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Says {@code Connection: close} on every HTTP response the library sends, because it closes the channel after
 * each one (see {@link TransportCorrection#CONNECTION_CLOSE}). Leaves the websocket upgrade response alone.
 */
@Sharable
public final class ConnectionCloseAnnouncer extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response
                && !HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
            HttpUtil.setKeepAlive(response, false);
        }
        ctx.write(msg, promise);
    }
}
