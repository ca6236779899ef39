// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.DefaultChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic, in-memory network for driving a server's Netty pipeline from a test or a fuzz
 * target: each {@link Connection} is an in-memory channel, and all of them are registered on one
 * shared event loop (an {@code EmbeddedChannel}'s) with one virtual clock that only
 * {@link #advance} moves.
 *
 * <p>Why not one {@code EmbeddedChannel} per connection: closing an {@code EmbeddedChannel}
 * cancels every task scheduled on its event loop, which would take the timers of other
 * connections and of sessions (heartbeat, linger, upgrade and request timeouts) down with it. On
 * a real server they live on and fire later; here they do too.
 *
 * <p>Reads honour {@code autoRead}: bytes written while a connection has reads paused wait, as
 * they would in the kernel, until reads resume. Every buffer the pipeline allocates through the
 * channel's allocator is counted, so {@link #liveBufferBytes()} is 0 exactly when the pipeline
 * released all of them (a leak check that needs no GC). Not thread-safe: one test thread drives
 * everything, and every task runs on it.
 */
public final class EmbeddedNetwork implements AutoCloseable {

    private static final Duration STEP = Duration.ofMillis(50);

    private final EmbeddedChannel loopOwner = new EmbeddedChannel();
    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
    private final List<Connection> connections = new ArrayList<>();

    public EmbeddedNetwork() {
        loopOwner.freezeTime();
    }

    /** One client connection: a server pipeline whose far end is this test. */
    public final class Connection {
        private final VirtualChannel channel;
        private final ByteArrayOutputStream unread = new ByteArrayOutputStream();

        private Connection(VirtualChannel channel) {
            this.channel = channel;
        }

        /** The server side's channel. */
        public io.netty.channel.Channel channel() {
            return channel;
        }

        /** Whether the connection is still open (the server may have closed it). */
        public boolean isOpen() {
            return channel.isOpen();
        }

        /**
         * The client sends {@code bytes}: the pipeline reads them now, or once reads resume if
         * they are paused; on a closed connection they are lost, as on a reset socket.
         */
        public void write(byte[] bytes) {
            if (!channel.isOpen() || bytes.length == 0) {
                return;
            }
            unread.writeBytes(bytes);
            deliver();
            runTasks();
        }

        private boolean deliver() {
            if (!channel.isOpen() || unread.size() == 0 || !channel.config().isAutoRead()) {
                return false;
            }
            ByteBuf buf = allocator.buffer(unread.size());
            buf.writeBytes(unread.toByteArray());
            unread.reset();
            channel.pipeline().fireChannelRead(buf).fireChannelReadComplete();
            channel.rethrow();
            return true;
        }

        /**
         * Everything the server wrote since the last call, as bytes; the buffers are released.
         *
         * @throws AssertionError when the server wrote something that is not bytes (a message
         *     no encoder turned into bytes would never reach the peer)
         */
        public byte[] read() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object m = channel.written.poll(); m != null; m = channel.written.poll()) {
                try {
                    if (!(m instanceof ByteBuf b)) {
                        throw new AssertionError("the pipeline wrote a " + m.getClass().getName() + ", not bytes");
                    }
                    out.writeBytes(ByteBufUtil.getBytes(b));
                } finally {
                    ReferenceCountUtil.release(m);
                }
            }
            return out.toByteArray();
        }

        /** The client closes the connection (the server sees it go inactive). */
        public void close() {
            channel.close();
            runTasks();
        }
    }

    /**
     * Opens a connection whose server pipeline is set up by {@code initializer} (typically the
     * server's {@code ChannelInitializer}), on the shared loop and with the counting allocator.
     */
    public Connection connect(ChannelHandler initializer) {
        VirtualChannel ch = new VirtualChannel(connections.size() + 1);
        ch.config().setAllocator(allocator);
        ch.pipeline().addLast(initializer);
        loopOwner.eventLoop().register(ch).syncUninterruptibly();
        Connection c = new Connection(ch);
        connections.add(c);
        runTasks();
        return c;
    }

    /** Every connection opened so far, closed ones included. */
    public List<Connection> connections() {
        return connections;
    }

    /** The event loop every connection runs on. */
    public EventLoop eventLoop() {
        return loopOwner.eventLoop();
    }

    /**
     * Runs the tasks that are due (and those they submit), then hands waiting bytes to the
     * connections whose reads resumed, until nothing is left to do.
     *
     * @throws RuntimeException what a task threw, or what reached the end of a pipeline
     */
    public void runTasks() {
        boolean more = true;
        while (more) {
            loopOwner.runPendingTasks();
            loopOwner.checkException();
            more = false;
            for (Connection c : connections) {
                c.channel.rethrow();
                more |= c.deliver();
            }
        }
    }

    /** Moves the virtual clock forward by {@code d}, in small steps, running what falls due. */
    public void advance(Duration d) {
        long left = d.toNanos();
        while (left > 0) {
            long step = Math.min(left, STEP.toNanos());
            loopOwner.advanceTimeBy(step, TimeUnit.NANOSECONDS);
            runTasks();
            left -= step;
        }
    }

    /** Bytes of the buffers that the pipelines allocated and have not released yet. */
    public long liveBufferBytes() {
        return allocator.metric().usedDirectMemory() + allocator.metric().usedHeapMemory();
    }

    /** Closes every connection still open, runs what that triggers, and releases what was left in them. */
    @Override
    public void close() {
        for (Connection c : connections) {
            c.channel.close();
        }
        runTasks();
        for (Connection c : connections) {
            c.read();
        }
        loopOwner.finishAndReleaseAll();
    }

    /**
     * The server side of one connection: a channel whose writes are kept for {@link Connection#read}
     * and whose failures (what reaches the end of its pipeline) are rethrown to the test. Closing
     * it leaves the shared loop's tasks alone.
     */
    private static final class VirtualChannel extends AbstractChannel {
        private static final ChannelMetadata METADATA = new ChannelMetadata(false);

        private final ChannelConfig config = new DefaultChannelConfig(this);
        private final Queue<Object> written = new ArrayDeque<>();
        private final InetSocketAddress remote;
        private boolean open = true;
        private Throwable failure;

        VirtualChannel(int port) {
            super(null);
            this.remote = new InetSocketAddress("127.0.0.1", port);
        }

        void rethrow() {
            Throwable t = failure;
            failure = null;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        protected DefaultChannelPipeline newChannelPipeline() {
            return new DefaultChannelPipeline(this) {
                @Override
                protected void onUnhandledInboundException(Throwable cause) {
                    failure = failure == null ? cause : failure;
                }

                @Override
                protected void onUnhandledInboundMessage(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg); // as a real channel's tail does, without its log line
                }
            };
        }

        @Override
        protected AbstractUnsafe newUnsafe() {
            return new AbstractUnsafe() {
                @Override
                public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
                    promise.setFailure(new UnsupportedOperationException("a server-side channel"));
                }
            };
        }

        @Override
        protected boolean isCompatible(EventLoop loop) {
            return true;
        }

        @Override
        protected SocketAddress localAddress0() {
            return new InetSocketAddress("127.0.0.1", 3000);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }

        @Override
        protected void doBind(SocketAddress localAddress) {
            throw new UnsupportedOperationException("a server-side channel");
        }

        @Override
        protected void doDisconnect() {
            doClose();
        }

        @Override
        protected void doClose() {
            open = false;
        }

        @Override
        protected void doBeginRead() {
            // Bytes are handed over by Connection#write, and wait there while reads are paused.
        }

        @Override
        protected void doWrite(ChannelOutboundBuffer in) {
            for (Object m = in.current(); m != null; m = in.current()) {
                written.add(ReferenceCountUtil.retain(m));
                in.remove();
            }
        }

        @Override
        public ChannelConfig config() {
            return config;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public boolean isActive() {
            return open && isRegistered();
        }

        @Override
        public ChannelMetadata metadata() {
            return METADATA;
        }
    }
}
