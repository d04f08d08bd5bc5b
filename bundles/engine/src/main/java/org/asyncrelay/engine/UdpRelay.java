package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
import org.asyncrelay.api.Refusal;
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

    private final String name;
    private final EventLoops loops;
    private final Counters counters;
    private final Supplier<BackendPool> pool;
    private final UdpSessions sessions = new UdpSessions();
    private final Bootstrap backendTemplate;
    private final ConnectionObserver observer;
    private final Refusals refusals;
    private volatile UdpPath path;
    private volatile SettingValues settings;
    private Channel listener;
    private ScheduledFuture<?> sweeper;

    UdpRelay(
            String name,
            EventLoops loops,
            Counters counters,
            Supplier<BackendPool> pool,
            ConnectionObserver observer,
            SettingValues settings,
            Refusals refusals) {
        this.name = name;
        this.loops = loops;
        this.counters = counters;
        this.pool = pool;
        this.observer = observer;
        this.refusals = refusals;
        this.backendTemplate = datagramSocket(loops);
        settings(settings);
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

    /** Datagrams up to this size are copied out of the read buffer ({@link #compact}). */
    static final int COMPACT_UP_TO = 16 * 1024;

    /**
     * {@code content}, or a copy of it in a buffer of its own size when it is small. #17: every read
     * takes a 64 KiB buffer, and a datagram kept it until the burst it came in was flushed: up to 64
     * of them (4 MB) at once, which moved the pool's chunk to the list whose chunks are freed when
     * empty, so the next burst allocated (and the JDK zeroed) a new 4 MB chunk: 8 % of the loop
     * thread at 30,000 queries/s, and a pause each time. Copied, the read buffer goes back at once.
     */
    static ByteBuf compact(ByteBufAllocator alloc, ByteBuf content) {
        int n = content.readableBytes();
        // a datagram of a GRO read is a slice: its own capacity says nothing of the buffer it holds
        if (n > COMPACT_UP_TO) {
            return content;
        }
        ByteBuf copy = alloc.directBuffer(n, n);
        copy.writeBytes(content, content.readerIndex(), n);
        content.release();
        return copy;
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
        this.path = new UdpPath(name, counters, backendTemplate, observer, ClientPolicy.of(settings));
    }

    private final class ListenerHandler extends SimpleChannelInboundHandler<DatagramPacket> {

        ListenerHandler() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress sender = packet.sender();
            ByteBuf content = compact(ctx.alloc(), packet.content());
            counters.service.udpPacketsReceived.increment();
            counters.service.udpBytesReceived.add(content.readableBytes());
            UdpSession session = sessions.get(sender);
            UdpPath p = session == null ? path : session.path();
            InetSocketAddress client = sender;
            InetSocketAddress destination = null;
            if (p.policy().acceptsProxy()) {
                // every datagram of a load balancer in front starts with a header, a session's too
                if (session == null && !p.policy().proxyFrom().contains(sender.getAddress())) {
                    drop(content, Refusal.PROXY_PROTOCOL_FROM, sender, "not in proxy_protocol_from");
                    return;
                }
                ProxyHeader.Read header;
                try {
                    header = ProxyHeader.read(content, true);
                } catch (ProxyHeader.Malformed e) {
                    drop(content, Refusal.PROXY_PROTOCOL, sender, e.getMessage());
                    return;
                }
                if (header == null) {
                    drop(content, Refusal.PROXY_PROTOCOL, sender, "datagram shorter than its v2 header");
                    return;
                }
                if (header.source() != null) {
                    client = header.source();
                    destination = header.destination();
                }
            }
            if (session == null) {
                if (p.policy().denied(client.getAddress())) {
                    drop(content, Refusal.DENIED, client, null);
                    return;
                }
                session = open(ctx.channel(), p, sender, client, destination);
                if (session == null) {
                    counters.service.udpPacketsDropped.increment();
                    content.release();
                    return;
                }
            }
            session.fromClient(content);
        }

        private void drop(ByteBuf content, String reason, InetSocketAddress client, String detail) {
            counters.service.udpPacketsDropped.increment();
            refusals.udp(reason, client, detail);
            content.release();
        }

        private UdpSession open(
                Channel channel,
                UdpPath p,
                InetSocketAddress sender,
                InetSocketAddress client,
                InetSocketAddress destination) {
            int max = settings.get(ServiceSettings.UDP_MAX_SESSIONS);
            if (sessions.size() >= max) {
                refusals.udp(Refusal.UDP_MAX_SESSIONS, client, "udp_max_sessions " + max);
                return null;
            }
            BackendPool backends = pool.get();
            if (backends == null) {
                LOG.debug("relay {}: no backend pool registered, dropping datagram from {}", name, client);
                return null;
            }
            UdpSession session = new UdpSession(p, sessions, channel, sender, client, destination, backends.select());
            sessions.add(session);
            counters.service.udpSessions.increment();
            counters.service.udpSessionsActive.increment();
            session.start();
            return session;
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
