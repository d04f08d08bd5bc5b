package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.asyncrelay.api.BackendCandidate;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one relayed connection. Nothing is read from the client until a backend has
 * accepted, so failing over to the next backend loses no byte the client sent.
 */
final class TcpFrontendHandler extends ForwardingHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFrontendHandler.class);

    private final TcpRelay relay;
    private BackendSelection selection;
    // epoll reads a half-closing client even with auto-read off: keep that until a backend is there
    private List<Object> early;
    private boolean earlyFin;
    private String backendName = "-";
    private ServiceCounters backendCounters;
    private long openedAt;
    private Channel channel;

    TcpFrontendHandler(TcpRelay relay) {
        super(null, relay.counters().service.tcpBytesReceived, null, relay.spliceAfter());
        this.relay = relay;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        openedAt = System.nanoTime();
        relay.counters().service.tcpConnections.increment();
        relay.counters().service.tcpActive.increment();
        BackendPool pool = relay.pool();
        if (pool == null) {
            LOG.warn(
                    "relay {}: no backend pool registered, closing client {}",
                    relay.name(),
                    ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        selection = pool.select();
        connectNext(ctx);
    }

    private void connectNext(ChannelHandlerContext ctx) {
        Optional<BackendCandidate> next = selection.next();
        if (next.isEmpty()) {
            LOG.debug(
                    "relay {}: no backend accepted client {}, closing it",
                    relay.name(),
                    ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        BackendCandidate candidate = next.get();
        CompletableFuture<List<InetSocketAddress>> resolved =
                candidate.resolve().toCompletableFuture();
        if (resolved.isDone()) {
            resolved(ctx, candidate, resolved);
        } else {
            resolved.whenComplete(
                    (a, e) -> ctx.channel().eventLoop().execute(() -> resolved(ctx, candidate, resolved)));
        }
    }

    private void resolved(
            ChannelHandlerContext ctx, BackendCandidate candidate, CompletableFuture<List<InetSocketAddress>> f) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (f.isCompletedExceptionally()) {
            failed(ctx, candidate, f.handle((v, e) -> e).join());
            return;
        }
        connect(ctx, candidate, f.join(), 0);
    }

    private void failed(ChannelHandlerContext ctx, BackendCandidate candidate, Throwable cause) {
        relay.counters().service.connectFailures.increment();
        relay.counters().backend(candidate.backend()).connectFailures.increment();
        candidate.failed(cause);
        if (ctx.channel().isActive()) {
            connectNext(ctx);
        }
    }

    /** Tries {@code addresses[index]}; a backend has failed only when all its addresses have (#5). */
    private void connect(
            ChannelHandlerContext ctx, BackendCandidate candidate, List<InetSocketAddress> addresses, int index) {
        Channel inbound = ctx.channel();
        InetSocketAddress address = addresses.get(index);
        ServiceCounters forBackend = relay.counters().backend(candidate.backend());
        Bootstrap b = relay.backendBootstrap(inbound.eventLoop())
                .handler(new ForwardingHandler(
                        inbound, relay.counters().service.tcpBytesSent, forBackend.tcpBytesSent, relay.spliceAfter()));
        b.connect(address).addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                if (index + 1 < addresses.size() && inbound.isActive()) {
                    LOG.debug(
                            "relay {}: {} address {} failed ({}), trying its next address",
                            relay.name(),
                            candidate.backend(),
                            address,
                            cf.cause().toString());
                    connect(ctx, candidate, addresses, index + 1);
                } else {
                    failed(ctx, candidate, cf.cause());
                }
                return;
            }
            candidate.succeeded();
            peer = cf.channel();
            backendName = candidate.backend().toString();
            peerSide = (ForwardingHandler) peer.pipeline().last();
            peerSide.peerSide = this;
            backendCounters = forBackend;
            forBackend.tcpConnections.increment();
            forBackend.tcpActive.increment();
            countBackendBytesIn(forBackend.tcpBytesReceived);
            if (!inbound.isActive()) {
                peer.close();
                return;
            }
            relay.backendChannels().add(peer);
            replayEarly(ctx);
            resumeReading(inbound);
            LOG.debug("relay {}: {} -> {} ({}) connected", relay.name(), inbound.remoteAddress(), backendName, address);
        });
    }

    /** Whether neither side has sent anything for longer than {@code idleNanos}. */
    boolean idleLongerThan(long now, long idleNanos) {
        long last = peerSide == null ? lastActivity() : Math.max(lastActivity(), peerSide.lastActivity());
        return now - last > idleNanos;
    }

    void closeIdle() {
        LOG.debug("relay {}: {} -> {} idle, closing", relay.name(), channel.remoteAddress(), backendName);
        channel.close();
        if (peer != null) {
            peer.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (peer == null) {
            if (early == null) {
                early = new ArrayList<>(2);
            }
            early.add(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (peer == null && evt instanceof ChannelInputShutdownEvent) {
            earlyFin = true;
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void replayEarly(ChannelHandlerContext ctx) {
        if (early != null) {
            List<Object> messages = early;
            early = null;
            messages.forEach(m -> super.channelRead(ctx, m));
            peer.flush();
        }
        if (earlyFin) {
            earlyFin = false;
            super.userEventTriggered(ctx, ChannelInputShutdownEvent.INSTANCE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (early != null) {
            early.forEach(ReferenceCountUtil::release);
            early = null;
        }
        relay.counters().service.tcpActive.decrement();
        if (backendCounters != null) {
            backendCounters.tcpActive.decrement();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "relay {}: {} -> {} closed after {} ms, {} bytes up, {} bytes down",
                    relay.name(),
                    ctx.channel().remoteAddress(),
                    backendName,
                    (System.nanoTime() - openedAt) / 1_000_000,
                    transferred(),
                    peerSide == null ? 0 : peerSide.transferred());
        }
        super.channelInactive(ctx);
    }
}
