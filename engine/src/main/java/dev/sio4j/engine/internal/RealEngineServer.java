package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineServer;
import dev.sio4j.engine.EngineSocket;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The engine server. Thread-safe. */
public final class RealEngineServer implements EngineServer {

    private final EngineOptions options;
    private final Consumer<EngineSocket> onConnection;

    public RealEngineServer(EngineOptions options, Consumer<EngineSocket> onConnection) {
        this.options = options;
        this.onConnection = onConnection;
    }

    @Override
    public EngineOptions options() {
        return options;
    }

    @Override
    public CompletableFuture<InetSocketAddress> listen(String host, int port) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not yet"));
    }

    @Override
    public ChannelHandler newHttpHandler() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public int clientsCount() {
        return 0;
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
    }
}
