package io.gleitzeit.orchestrator.hub.transport.internal;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The library's server with a stop that does not sit out Netty's default quiet periods: {@code stop()} shuts its
 * two event loop groups down one after the other, each with a 2 s quiet period, so it always takes over 4 s. This
 * shuts both down together without a quiet period first; the library's own stop then finds them terminated and
 * only releases the rest.
 */
public final class QuickStopSocketIOServer extends SocketIOServer {
    private volatile EventLoopGroup acceptors;
    private volatile EventLoopGroup workers;

    public QuickStopSocketIOServer(Configuration configuration) {
        super(configuration);
    }

    @Override
    protected void applyConnectionOptions(ServerBootstrap bootstrap) {
        super.applyConnectionOptions(bootstrap);
        // The only place the library shows the groups it created.
        acceptors = bootstrap.config().group();
        workers = bootstrap.config().childGroup();
    }

    /**
     * Closes every connection, waits up to {@code timeout} for the event loops to end, then lets the library release
     * the rest. Queued work still runs; nothing new is accepted.
     */
    public void stop(Duration timeout) {
        EventLoopGroup acceptorGroup = acceptors;
        EventLoopGroup workerGroup = workers;
        if (acceptorGroup != null && workerGroup != null) {
            long millis = Math.max(1, timeout.toMillis());
            Future<?> acceptorsDone = acceptorGroup.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS);
            Future<?> workersDone = workerGroup.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS);
            acceptorsDone.awaitUninterruptibly(millis);
            workersDone.awaitUninterruptibly(millis);
        }
        stop();
    }
}
