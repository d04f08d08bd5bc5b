package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.ArrayDeque;
import org.asyncrelay.api.BackendCandidate;
import org.asyncrelay.api.BackendSelection;
import org.asyncrelay.api.FailoverAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client address of a UDP service and its own connected backend socket. A backend counts as
 * working once it answers; an ICMP port unreachable before that is a failure and the session
 * moves on to the next backend. Runs on the listener's event loop only.
 */
final class UdpSession {

    private static final Logger LOG = LoggerFactory.getLogger(UdpSession.class);
    /** Datagrams held while a backend socket is being set up. */
    static final int MAX_PENDING = 64;

    private final UdpPath path;
    private final UdpSessions sessions;
    private final Channel listener;
    /** Where the datagrams come from and the answers go: the map key of the session. */
    private final InetSocketAddress client;
    /** The client as a PROXY protocol header named it, else {@link #client}: what logs and backends see. */
    private final InetSocketAddress origin;
    /** The PROXY protocol v2 header before each datagram to the backend, or null. */
    private final byte[] proxyHeader;

    private final FailoverAttempt attempt;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    // sent to a backend that has not answered yet: resent to the next one if it turns out dead
    private final ArrayDeque<ByteBuf> unanswered = new ArrayDeque<>();
    private ServiceCounters backendCounters;
    private Channel backend;
    private boolean answered;
    private boolean flushPending;
    private boolean closed;
    private int lastSeen;
    private BackendCandidate answering;
    /** A backend failed before one answered. */
    private boolean failedOver;
    /** When the socket to the backend now tried was opened: its first answer ends the connect. */
    private long connectStarted;

    private final long openedAt = System.nanoTime();
    private long bytesUp;
    private long bytesDown;
    private long datagramsUp;
    private long datagramsDown;

    UdpSession(
            UdpPath path,
            UdpSessions sessions,
            Channel listener,
            InetSocketAddress client,
            InetSocketAddress origin,
            InetSocketAddress destination,
            BackendSelection selection) {
        this.path = path;
        this.sessions = sessions;
        this.listener = listener;
        this.client = client;
        this.origin = origin;
        this.proxyHeader = path.policy().sendProxy() == null
                ? null
                : proxyHeader(origin, destination != null ? destination : (InetSocketAddress) listener.localAddress());
        this.attempt = new FailoverAttempt(selection, listener.eventLoop(), new BackendSteps());
    }

    InetSocketAddress client() {
        return client;
    }

    UdpPath path() {
        return path;
    }

    /**
     * v2, the only version with a datagram form. The destination is the listener's address: the
     * wildcard address (0.0.0.0, ::) when it listens on every interface.
     */
    private static byte[] proxyHeader(InetSocketAddress origin, InetSocketAddress destination) {
        ByteBuf b = ProxyHeader.v2(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, origin, destination, false);
        try {
            return io.netty.buffer.ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    /** {@link UdpSessions#tick()} at the last datagram either way. */
    int lastSeen() {
        return lastSeen;
    }

    void start() {
        lastSeen = sessions.tick();
        attempt.start();
    }

    void fromClient(ByteBuf content) {
        lastSeen = sessions.tick();
        if (closed) {
            content.release();
            return;
        }
        if (backend == null || !backend.isActive()) {
            if (pending.size() >= MAX_PENDING) {
                path.counters().service.udpPacketsDropped.increment();
                content.release();
                return;
            }
            pending.add(content);
            return;
        }
        send(content);
    }

    private void send(ByteBuf datagram) {
        int n = datagram.readableBytes();
        datagramsUp++;
        bytesUp += n;
        backendCounters.udpPacketsReceived.increment();
        backendCounters.udpBytesReceived.add(n);
        if (!answered && unanswered.size() < MAX_PENDING) {
            unanswered.add(datagram.retainedDuplicate());
        }
        ByteBuf content = datagram;
        if (proxyHeader != null) {
            content = backend.alloc().directBuffer(proxyHeader.length + n);
            content.writeBytes(proxyHeader).writeBytes(datagram);
            datagram.release();
        }
        backend.write(content, backend.voidPromise());
        if (!flushPending) {
            flushPending = true;
            sessions.flushLater(this);
        }
    }

    /** Sends what {@link #fromClient} queued; called once per read burst of the listener. */
    void flush() {
        flushPending = false;
        if (backend != null) {
            backend.flush();
        }
    }

    /** The failover of this session: each backend, each of its addresses, until one answers. */
    private final class BackendSteps implements FailoverAttempt.Steps {

        @Override
        public boolean abandoned() {
            return closed;
        }

        @Override
        public void tryAddress(FailoverAttempt attempt, BackendCandidate candidate, InetSocketAddress address) {
            backendCounters = path.counters().backend(candidate.backend());
            connect(candidate, address);
        }

        @Override
        public void nextAddress(BackendCandidate candidate, InetSocketAddress failed, Throwable cause) {
            LOG.debug(
                    "relay {}: UDP {} address {} unreachable, trying its next one",
                    path.service(),
                    candidate.backend(),
                    failed);
        }

        @Override
        public void backendFailed(BackendCandidate candidate, Throwable cause) {
            path.counters().connectFailed(candidate.backend(), cause);
            failedOver = true;
        }

        @Override
        public void exhausted() {
            LOG.debug("relay {}: no backend for UDP client {}, session closed", path.service(), origin);
            close(Ending.NO_BACKEND);
        }
    }

    /** Connects a socket of its own to {@code address}; it has failed when an ICMP unreachable comes first. */
    private void connect(BackendCandidate candidate, InetSocketAddress address) {
        Bootstrap b = path.backendBootstrap(listener.eventLoop()).handler(new BackendHandler());
        connectStarted = System.nanoTime();
        b.connect(address).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                addressFailed(f.cause());
                return;
            }
            if (closed) {
                f.channel().close();
                return;
            }
            backend = f.channel();
            LOG.debug("relay {}: UDP session {} -> {} ({})", path.service(), client, candidate.backend(), address);
            ByteBuf queued;
            while ((queued = pending.poll()) != null) {
                send(queued);
            }
            flush();
        });
    }

    /** What was sent to the failed address goes to the next one. */
    private void addressFailed(Throwable cause) {
        if (backend != null) {
            backend.close();
            backend = null;
        }
        ByteBuf b;
        while ((b = unanswered.pollLast()) != null) {
            pending.addFirst(b);
        }
        attempt.addressFailed(cause);
    }

    /** Ends the session; {@code how} is one of {@link Ending}'s words. */
    void close(String how) {
        if (closed) {
            return;
        }
        closed = true;
        releaseAll(pending);
        releaseAll(unanswered);
        if (backend != null) {
            backend.close();
        }
        sessions.removed(this);
        path.counters().service.udpSessionsActive.decrement();
        if (answered) {
            backendCounters.udpSessionsActive.decrement();
        }
        LOG.debug("relay {}: UDP session {} closed", path.service(), client);
        path.observer()
                .ended(new EndedSession(
                        path.service(),
                        origin,
                        answered ? answering.backend() : null,
                        System.nanoTime() - openedAt,
                        bytesUp,
                        bytesDown,
                        datagramsUp,
                        datagramsDown,
                        how));
    }

    private static void releaseAll(ArrayDeque<ByteBuf> queue) {
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            b.release();
        }
    }

    private final class BackendHandler extends SimpleChannelInboundHandler<DatagramPacket> {

        BackendHandler() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            lastSeen = sessions.tick();
            if (!answered) {
                answered = true;
                answering = attempt.candidate();
                path.counters().connects(answering.backend()).latency.record(System.nanoTime() - connectStarted);
                if (failedOver) {
                    path.counters().service.failovers.increment();
                }
                attempt.connected();
                releaseAll(unanswered);
                backendCounters.udpSessions.increment();
                backendCounters.udpSessionsActive.increment();
            }
            ByteBuf content = UdpRelay.compact(ctx.alloc(), packet.content());
            int n = content.readableBytes();
            datagramsDown++;
            bytesDown += n;
            path.counters().service.udpPacketsSent.increment();
            path.counters().service.udpBytesSent.add(n);
            backendCounters.udpPacketsSent.increment();
            backendCounters.udpBytesSent.add(n);
            listener.write(new DatagramPacket(content, client), listener.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            listener.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof PortUnreachableException && !answered && !closed) {
                addressFailed(cause);
                return;
            }
            LOG.debug("relay {}: UDP session {}: {}", path.service(), client, cause.toString());
            if (cause instanceof PortUnreachableException) {
                attempt.candidate().failed(cause);
                close(Ending.BACKEND_UNREACHABLE);
            }
        }
    }
}
