package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP side of one service: a listener and one session per client address, each with its own
 * backend socket. Sessions live on the listener's event loop, so the map needs no lock.
 */
final class UdpRelay {

    private static final Logger LOG = LoggerFactory.getLogger(UdpRelay.class);
    /** Large enough for the largest UDP payload over IPv4 (65,507 bytes) and IPv6. */
    static final int MAX_DATAGRAM = 65_536;
    /**
     * #4: datagrams read per socket per loop turn (Netty's default is 16). With TCP on the same
     * loop, a turn can take long enough for a UDP burst to overflow the socket's receive buffer.
     */
    static final int MAX_READS = 64;
    /**
     * #4: the receive buffer of the listener and of each backend socket. With the kernel's default
     * (about 208 KiB), and then with 1 MiB, backend sockets overflowed at 30,000 answers/s whenever
     * the loop thread waited for a core; memory is only used while datagrams queue, and the kernel
     * caps it at net.core.rmem_max.
     */
    static final int RCVBUF = 4 << 20;

    private static final long LIMIT_WARNING_INTERVAL_NANOS = 60_000_000_000L;

    private final String name;
    private final EventLoops loops;
    private final Counters counters;
    private final Supplier<BackendPool> pool;
    private final UdpSessions sessions = new UdpSessions();
    private final UdpPath path;
    private volatile SettingValues settings;
    private Channel listener;
    private ScheduledFuture<?> sweeper;

    private long lastLimitWarning = System.nanoTime() - LIMIT_WARNING_INTERVAL_NANOS;
    private long droppedSinceWarning;

    UdpRelay(
            String name,
            EventLoops loops,
            Counters counters,
            Supplier<BackendPool> pool,
            ConnectionObserver observer,
            SettingValues settings) {
        this.name = name;
        this.loops = loops;
        this.counters = counters;
        this.pool = pool;
        this.settings = settings;
        this.path = new UdpPath(name, counters, datagramSocket(loops), observer);
    }

    /** What the listener and each session's backend socket share: buffers, reads per turn, GRO. */
    private static Bootstrap datagramSocket(EventLoops loops) {
        Bootstrap b = new Bootstrap()
                .channel(loops.datagramChannel())
                .option(ChannelOption.ALLOCATOR, loops.allocator())
                .option(ChannelOption.SO_RCVBUF, RCVBUF)
                .option(
                        ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(MAX_DATAGRAM).maxMessagesPerRead(MAX_READS));
        loops.enableUdpGro(b);
        return b;
    }

    ChannelFuture bind(InetSocketAddress address, long timeoutMillis) {
        Bootstrap b = datagramSocket(loops)
                .group(loops.group())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .handler(new ListenerHandler());
        ChannelFuture f = b.bind(address);
        f.awaitUninterruptibly(timeoutMillis);
        if (f.isSuccess()) {
            listener = f.channel();
            // #4: one sweep a second for every session of the listener, instead of a timer and a
            // write listener per session
            sweeper = listener.eventLoop()
                    .scheduleAtFixedRate(
                            () -> sessions.expireIdle(settings.get(ServiceSettings.UDP_IDLE_TIMEOUT)),
                            1,
                            1,
                            TimeUnit.SECONDS);
        }
        return f;
    }

    InetSocketAddress localAddress() {
        return listener == null ? null : (InetSocketAddress) listener.localAddress();
    }

    /** Closes the listener and every session. */
    void close() {
        Channel l = listener;
        if (l == null) {
            return;
        }
        sweeper.cancel(false);
        l.eventLoop().submit(sessions::closeAll).awaitUninterruptibly(2000);
        l.close().awaitUninterruptibly(2000);
        listener = null;
    }

    void settings(SettingValues settings) {
        this.settings = settings;
    }

    private final class ListenerHandler extends SimpleChannelInboundHandler<DatagramPacket> {

        ListenerHandler() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress client = packet.sender();
            counters.service.udpPacketsReceived.increment();
            counters.service.udpBytesReceived.add(packet.content().readableBytes());
            UdpSession session = sessions.get(client);
            if (session == null) {
                session = open(ctx.channel(), client);
                if (session == null) {
                    counters.service.udpPacketsDropped.increment();
                    packet.release();
                    return;
                }
            }
            session.fromClient(packet.content());
        }

        private UdpSession open(Channel channel, InetSocketAddress client) {
            if (sessions.size() >= settings.get(ServiceSettings.UDP_MAX_SESSIONS)) {
                warnLimit();
                return null;
            }
            BackendPool p = pool.get();
            if (p == null) {
                LOG.debug("relay {}: no backend pool registered, dropping datagram from {}", name, client);
                return null;
            }
            UdpSession session = new UdpSession(path, sessions, channel, client, p.select());
            sessions.add(session);
            counters.service.udpSessions.increment();
            counters.service.udpSessionsActive.increment();
            session.start();
            return session;
        }

        private void warnLimit() {
            droppedSinceWarning++;
            long now = System.nanoTime();
            if (now - lastLimitWarning >= LIMIT_WARNING_INTERVAL_NANOS) {
                LOG.warn(
                        "relay {}: UDP session limit {} reached, {} new client datagram(s) dropped in the last minute",
                        name,
                        settings.get(ServiceSettings.UDP_MAX_SESSIONS),
                        droppedSinceWarning);
                lastLimitWarning = now;
                droppedSinceWarning = 0;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            sessions.flushAll();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("relay {}: UDP listener: {}", name, cause.toString());
        }
    }
}
