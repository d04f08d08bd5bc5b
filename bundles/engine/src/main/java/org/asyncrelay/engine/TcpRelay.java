package org.asyncrelay.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendPool;

/** The TCP side of one service: its listener and every connection it relays. */
final class TcpRelay {

    private final String name;
    private final EventLoops loops;
    private final ServiceCounters counters;
    private final Supplier<BackendPool> pool;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile RelaySettings settings;
    private Channel server;

    TcpRelay(
            String name,
            EventLoops loops,
            ServiceCounters counters,
            Supplier<BackendPool> pool,
            RelaySettings settings) {
        this.name = name;
        this.loops = loops;
        this.counters = counters;
        this.pool = pool;
        this.settings = settings;
    }

    /** Binds the listener; waits at most {@code timeoutMillis}. */
    ChannelFuture bind(InetSocketAddress address, int backlog, long timeoutMillis) {
        ServerBootstrap b = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        int idle = settings.idleTimeoutSeconds();
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.SECONDS));
                        ch.pipeline().addLast(new TcpFrontendHandler(TcpRelay.this));
                    }
                });
        ChannelFuture f = b.bind(address);
        f.awaitUninterruptibly(timeoutMillis);
        if (f.isSuccess()) {
            server = f.channel();
        }
        return f;
    }

    InetSocketAddress localAddress() {
        return server == null ? null : (InetSocketAddress) server.localAddress();
    }

    /** Stops accepting; established connections go on. */
    void closeListener() {
        if (server != null) {
            server.close().awaitUninterruptibly(2000);
            server = null;
        }
    }

    /** Stops accepting and closes every connection. */
    void close() {
        closeListener();
        connections.close().awaitUninterruptibly(2000);
    }

    void settings(RelaySettings settings) {
        this.settings = settings;
    }

    RelaySettings settings() {
        return settings;
    }

    String name() {
        return name;
    }

    EventLoops loops() {
        return loops;
    }

    ServiceCounters counters() {
        return counters;
    }

    BackendPool pool() {
        return pool.get();
    }

    ChannelGroup connections() {
        return connections;
    }
}
