package io.gleitzeit.orchestrator.hub.transport;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what the library reports and keeps it from reaching the end of Netty's pipeline. Handler failures never get
 * here ({@link EventDispatch} answers them); what does is undecodable input and connection errors.
 */
final class LoggingExceptionListener extends ExceptionListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LoggingExceptionListener.class);

    @Override
    public void onEventException(Exception e, List<Object> args, SocketIOClient client) {
        log.error("An event listener of {} failed", client.getSessionId(), e);
    }

    @Override
    public void onConnectException(Exception e, SocketIOClient client) {
        log.error("A connect listener of {} failed", client.getSessionId(), e);
    }

    @Override
    public void onDisconnectException(Exception e, SocketIOClient client) {
        log.error("A disconnect listener of {} failed", client.getSessionId(), e);
    }

    @Override
    public void onAuthException(Throwable e, SocketIOClient client) {
        log.error("An auth token listener of {} failed", client.getSessionId(), e);
    }

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
        if (e instanceof IOException) {
            log.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), e.toString());
        } else {
            // The library already dropped the input; the connection itself is fine.
            log.warn("Dropped undecodable input from {}", ctx.channel().remoteAddress(), e);
        }
        return true;
    }
}
