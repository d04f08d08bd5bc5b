package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.Refusal;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TCP side of one service: its listener and every connection it relays. */
final class TcpRelay {

    private static final Logger LOG = LoggerFactory.getLogger(TcpRelay.class);
    static final long SPLICE_AFTER_BYTES = 64 * 1024;

    private final String name;
    private final EventLoops loops;
    private final Counters counters;
    private final Supplier<BackendPool> pool;
    private final ConnectionObserver observer;
    private final boolean splice;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ChannelGroup backends = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ConnectionLimit limit = new ConnectionLimit();
    private final ClientLimits clientLimits = new ClientLimits(System::nanoTime);
    private final Refusals refusals;
    private final Throttle noPool = new Throttle();
    private volatile SettingValues settings;
    private volatile int maxConnections;
    private volatile TcpPath path;
    private final TcpListeners listeners = new TcpListeners();
    private final List<ScheduledFuture<?>> sweepers = new ArrayList<>();

    /** {@code splice} applies with the epoll transport only; NIO has no splice. */
    TcpRelay(
            String name,
            EventLoops loops,
            Counters counters,
            Supplier<BackendPool> pool,
            ConnectionObserver observer,
            SettingValues settings,
            boolean splice,
            Refusals refusals) {
        this.name = name;
        this.loops = loops;
        this.counters = counters;
        this.pool = pool;
        this.observer = observer;
        this.splice = splice && loops.epoll();
        this.refusals = refusals;
        settings(settings);
    }

    /**
     * Binds the listener(s) ({@link TcpListeners}); waits at most {@code timeoutMillis}. Null when
     * bound, or why not. Netty turns
     * TCP_NODELAY on for every socket by default on Linux; setting it again would cost a syscall per
     * socket (#4).
     */
    String bind(InetSocketAddress address, int backlog, long timeoutMillis) {
        String failure = listeners.bind(
                loops,
                address,
                timeoutMillis,
                () -> new ServerBootstrap()
                        .channel(loops.serverSocketChannel())
                        .option(ChannelOption.SO_BACKLOG, backlog)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .option(ChannelOption.ALLOCATOR, loops.allocator())
                        .childOption(ChannelOption.ALLOCATOR, loops.allocator())
                        .childOption(ChannelOption.AUTO_READ, false)
                        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                accepted(ch);
                            }
                        }));
        if (failure == null) {
            // #4: each loop sweeps its own connections once a second, instead of a timer and a
            // write listener per connection
            for (EventExecutor loop : loops.group()) {
                sweepers.add(loop.scheduleAtFixedRate(() -> expireIdle(loop), 1, 1, TimeUnit.SECONDS));
            }
            sweepers.add(loops.group()
                    .next()
                    .scheduleAtFixedRate(
                            () -> clientLimits.sweep(path.policy().newPerClientPerSecond()), 1, 1, TimeUnit.SECONDS));
        }
        return failure;
    }

    /**
     * A new client: refused at once (closed, counted) when a limit or a rule says so; otherwise
     * relayed, after its PROXY protocol header when the service reads one.
     */
    private void accepted(SocketChannel ch) {
        TcpPath p = path;
        InetSocketAddress peer = ch.remoteAddress();
        int max = maxConnections;
        if (!limit.admit(max)) {
            refusals.tcp(Refusal.MAX_CONNECTIONS, peer, "max_connections " + max);
            ch.close();
            return;
        }
        TcpFrontendHandler front = new TcpFrontendHandler(p);
        if (p.policy().acceptsProxy()) {
            if (!p.policy().proxyFrom().contains(peer.getAddress())) {
                limit.closed();
                refusals.tcp(Refusal.PROXY_PROTOCOL_FROM, peer, "not in proxy_protocol_from");
                ch.close();
                return;
            }
            clients.add(ch);
            ch.pipeline().addLast(new ProxyHeaderReader(p, front), front);
            return;
        }
        String refusal = p.admitClient(peer.getAddress());
        if (refusal != null) {
            limit.closed();
            refusals.tcp(refusal, peer, null);
            ch.close();
            return;
        }
        if (p.policy().limitsClients()) {
            front.client(peer, null, true);
        }
        clients.add(ch);
        ch.pipeline().addLast(front);
    }

    private void expireIdle(EventExecutor loop) {
        long now = System.nanoTime();
        long idle = settings.duration(ServiceSettings.IDLE_TIMEOUT).toNanos();
        for (Channel ch : clients) {
            if (ch.eventLoop() == loop
                    && ch.pipeline().last() instanceof TcpFrontendHandler h
                    && h.idleLongerThan(now, idle)) {
                h.closeIdle();
            }
        }
    }

    InetSocketAddress localAddress() {
        return listeners.localAddress();
    }

    /** Stops accepting; established connections go on. */
    void closeListener() {
        sweepers.forEach(s -> s.cancel(false));
        sweepers.clear();
        listeners.close();
    }

    /**
     * Closes every connection once all clients have gone or {@code grace} has passed. With {@code
     * wait} the caller waits for that (shutdown: the event loops go next); otherwise it is
     * scheduled (a removed service, the loops stay).
     */
    void closeConnectionsAfter(Duration grace, boolean wait) {
        if (clients.isEmpty()) {
            backends.close();
            return;
        }
        LOG.info("relay {}: {} connection(s) may finish within {} s", name, clients.size(), grace.toSeconds());
        if (wait) {
            long deadline = System.nanoTime() + grace.toNanos();
            while (!clients.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            closeAll();
        } else {
            loops.group().schedule(this::closeAll, grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void closeAll() {
        if (!clients.isEmpty()) {
            LOG.info("relay {}: grace period over, closing {} connection(s)", name, clients.size());
        }
        clients.close().awaitUninterruptibly(2000);
        backends.close().awaitUninterruptibly(2000);
    }

    void settings(SettingValues settings) {
        this.settings = settings;
        this.maxConnections = settings.get(ServiceSettings.MAX_CONNECTIONS);
        this.path = new TcpPath(
                name,
                counters,
                pool,
                backendTemplate(settings),
                loops.epoll(),
                spliceAfter(),
                backends,
                limit,
                ClientPolicy.of(settings),
                clientLimits,
                refusals,
                noPool,
                observer);
    }

    private Bootstrap backendTemplate(SettingValues s) {
        Bootstrap b = new Bootstrap()
                .option(ChannelOption.ALLOCATOR, loops.allocator())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        s.duration(ServiceSettings.CONNECT_TIMEOUT).toMillis())
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true);
        return b;
    }

    /**
     * Bytes after which a direction of a connection is spliced, or -1: splice needs a pipe per
     * direction and level-triggered epoll on both sockets (switched then, {@link
     * NettyInternals#levelTriggered}), which a connection carrying a request and a short answer
     * would pay for without gain (#4: -30 % new connections per second when every connection
     * spliced).
     */
    private long spliceAfter() {
        return splice ? SPLICE_AFTER_BYTES : -1;
    }
}
