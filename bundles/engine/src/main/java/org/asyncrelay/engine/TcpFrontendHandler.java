package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendCandidate;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.FailoverAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one relayed connection: finds a backend ({@link FailoverAttempt}), then
 * forwards both ways ({@link Forwarding}: {@code toBackend} from here, {@code toClient} from the
 * backend's {@link ForwardingHandler}). Nothing is read from the client until a backend has
 * accepted, so failing over to the next backend loses no byte the client sent.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter implements Forwarding.Ends {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFrontendHandler.class);

    private final TcpPath path;
    private final Forwarding toBackend;
    private Forwarding toClient;
    private FailoverAttempt attempt;
    // epoll reads a half-closing client even with auto-read off: keep that until a backend is there
    private List<Object> early;
    private boolean earlyFin;
    private BackendAddress backend;
    private ServiceCounters backendCounters;
    private long openedAt;
    private Channel channel;
    private String ending;
    /** A backend failed before one accepted. */
    private boolean failedOver;
    /** The client: the socket's peer, or what a PROXY protocol header said. */
    private InetSocketAddress client;
    /** Where the client connected to, as a PROXY protocol header said; null: this socket's own address. */
    private InetSocketAddress destination;
    /** The per-client limits count this connection. */
    private boolean countedByClient;
    /** channelActive came: the connection was admitted and is relayed. */
    private boolean started;

    TcpFrontendHandler(TcpPath path) {
        this.path = path;
        this.toBackend =
                new Forwarding(null, path.counters().service.tcpBytesReceived, null, path.spliceAfter(), this, false);
    }

    @Override
    public void ended(String how) {
        if (ending == null) {
            ending = how;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        toBackend.countReadsOf(ctx.channel());
    }

    /** Set before {@link #channelActive} when someone else (a PROXY header, the limits) knew the client first. */
    void client(InetSocketAddress client, InetSocketAddress destination, boolean countedByClient) {
        this.client = client;
        this.destination = destination;
        this.countedByClient = countedByClient;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        started = true;
        if (client == null) {
            client = (InetSocketAddress) channel.remoteAddress();
        }
        openedAt = System.nanoTime();
        path.counters().service.tcpConnections.increment();
        path.counters().service.tcpActive.increment();
        BackendPool pool = path.pool().get();
        if (pool == null) {
            long n = path.noPool().occurred();
            if (n > 0) {
                LOG.warn(
                        "relay {}: no backend pool registered, {} client(s) closed, the last {}",
                        path.service(),
                        n,
                        Refusals.printable(client));
            }
            ended(Ending.NO_BACKEND);
            ctx.close();
            return;
        }
        attempt = new FailoverAttempt(pool.select(), ctx.channel().eventLoop(), new BackendSteps(ctx));
        attempt.start();
    }

    /** The failover of this client: each backend, each of its addresses, until one accepts. */
    private final class BackendSteps implements FailoverAttempt.Steps {
        private final ChannelHandlerContext ctx;

        BackendSteps(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public boolean abandoned() {
            return !ctx.channel().isActive();
        }

        @Override
        public void tryAddress(FailoverAttempt attempt, BackendCandidate candidate, InetSocketAddress address) {
            connect(ctx, candidate, address);
        }

        @Override
        public void nextAddress(BackendCandidate candidate, InetSocketAddress failed, Throwable cause) {
            LOG.debug(
                    "relay {}: {} address {} failed ({}), trying its next address",
                    path.service(),
                    candidate.backend(),
                    failed,
                    cause.toString());
        }

        @Override
        public void backendFailed(BackendCandidate candidate, Throwable cause) {
            path.counters().connectFailed(candidate.backend(), cause);
            failedOver = true;
        }

        @Override
        public void exhausted() {
            LOG.debug("relay {}: no backend accepted client {}, closing it", path.service(), client);
            ended(Ending.NO_BACKEND);
            ctx.close();
        }
    }

    private void connect(ChannelHandlerContext ctx, BackendCandidate candidate, InetSocketAddress address) {
        Channel inbound = ctx.channel();
        ServiceCounters forBackend = path.counters().backend(candidate.backend());
        Forwarding back = new Forwarding(
                inbound, path.counters().service.tcpBytesSent, forBackend.tcpBytesSent, path.spliceAfter(), this, true);
        Bootstrap b = path.backendBootstrap(inbound.eventLoop(), address).handler(new ForwardingHandler(back));
        long started = System.nanoTime();
        b.connect(address).addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                attempt.addressFailed(cf.cause());
                return;
            }
            path.counters().connects(candidate.backend()).latency.record(System.nanoTime() - started);
            if (failedOver) {
                path.counters().service.failovers.increment();
            }
            attempt.connected();
            Channel peer = cf.channel();
            NettyInternals.connected(peer);
            backend = candidate.backend();
            toClient = back;
            toBackend.connected(peer, back, forBackend.tcpBytesReceived);
            backendCounters = forBackend;
            forBackend.tcpConnections.increment();
            forBackend.tcpActive.increment();
            if (!inbound.isActive()) {
                peer.close();
                return;
            }
            path.backends().add(peer);
            if (path.policy().sendProxy() != null) {
                sendProxyHeader(inbound, peer);
            }
            replayEarly(ctx);
            Forwarding.resumeReading(inbound);
            path.observer().connected(path.service(), inbound, peer, backend, address);
        });
    }

    /** The client's address to the backend, before any byte of the client's. */
    private void sendProxyHeader(Channel inbound, Channel peer) {
        InetSocketAddress to = destination != null ? destination : (InetSocketAddress) inbound.localAddress();
        peer.write(
                path.policy().sendProxy().equals("v1")
                        ? ProxyHeader.v1(peer.alloc(), client, to)
                        : ProxyHeader.v2(peer.alloc(), client, to, true),
                peer.voidPromise());
        if (early == null) {
            peer.flush();
        }
    }

    /** Whether neither side has sent anything for longer than {@code idleNanos}. */
    boolean idleLongerThan(long now, long idleNanos) {
        long last = toClient == null
                ? toBackend.lastActivity()
                : Math.max(toBackend.lastActivity(), toClient.lastActivity());
        return now - last > idleNanos;
    }

    void closeIdle() {
        LOG.debug("relay {}: {} -> {} idle, closing", path.service(), client, backend);
        ended(Ending.IDLE_TIMEOUT);
        channel.close();
        if (toBackend.to() != null) {
            toBackend.to().close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (toBackend.to() == null) {
            if (early == null) {
                early = new ArrayList<>(2);
            }
            early.add(msg);
            return;
        }
        toBackend.read(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        toBackend.readComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        toBackend.fromWritabilityChanged(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof ChannelInputShutdownEvent)) {
            ctx.fireUserEventTriggered(evt);
        } else if (toBackend.to() == null) {
            earlyFin = true;
        } else {
            toBackend.inputEnded(ctx);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        toBackend.failed(ctx, cause);
    }

    private void replayEarly(ChannelHandlerContext ctx) {
        if (early != null) {
            List<Object> messages = early;
            early = null;
            messages.forEach(m -> toBackend.read(ctx, m));
            toBackend.to().flush();
        }
        if (earlyFin) {
            earlyFin = false;
            toBackend.inputEnded(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (early != null) {
            early.forEach(ReferenceCountUtil::release);
            early = null;
        }
        path.limit().closed();
        if (countedByClient) {
            path.clientLimits().closed(client.getAddress());
        }
        if (!started) {
            // refused while its PROXY protocol header was read: counted there
            return;
        }
        path.counters().service.tcpActive.decrement();
        if (backendCounters != null) {
            backendCounters.tcpActive.decrement();
        }
        path.observer()
                .closed(new ClosedConnection(
                        path.service(),
                        client,
                        backend,
                        System.nanoTime() - openedAt,
                        toBackend.transferred(),
                        toClient == null ? 0 : toClient.transferred(),
                        toBackend.splicing(),
                        toClient != null && toClient.splicing(),
                        // nothing else ended it: the service closed it (stopped, or its grace ran out)
                        ending == null ? Ending.STOPPED : ending));
        toBackend.fromInactive();
    }
}
