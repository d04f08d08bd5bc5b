package org.asyncrelay.engine;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.RelayPids;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty event loops every service shares: epoll when its native library loads, NIO otherwise. */
@Component(
        service = EventLoops.class,
        configurationPid = RelayPids.ENGINE,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EventLoops.Config.class)
public class EventLoops {

    @ObjectClassDefinition(name = "async-relay engine", description = "Event loops shared by every relay service.")
    public @interface Config {
        @AttributeDefinition(
                name = "Threads",
                description = "Event loop threads; 0 means one per two cores (at least one).",
                min = "0")
        int threads() default 0;

        // #4: Netty 4.1, not 4.2.18, whose epoll transport loses the pending writes of a half-closed
        // connection (its EpollIoHandler deletes a descriptor with no interest left but keeps it
        // "added", so re-arming EPOLLOUT fails with ENOENT)
        @AttributeDefinition(
                name = "Native transport",
                description = "Use Linux epoll when its native library loads, NIO otherwise; false: always NIO.")
        boolean native_transport() default true;

        @AttributeDefinition(
                name = "Removal grace (s)",
                description = "How long connections of a removed or rebound service may go on before they are closed.",
                min = "0")
        int removal_grace() default 30;

        @AttributeDefinition(
                name = "Shutdown grace (s)",
                description = "How long connections may go on when the relay stops.",
                min = "0")
        int shutdown_grace() default 5;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);

    private final EventLoopGroup group;
    private final boolean epoll;
    private final Duration removalGrace;
    private final Duration shutdownGrace;

    @Activate
    public EventLoops(Config config) {
        this(
                config.threads(),
                config.native_transport(),
                Duration.ofSeconds(Math.max(0, config.removal_grace())),
                Duration.ofSeconds(Math.max(0, config.shutdown_grace())));
    }

    EventLoops(int threads, boolean nativeTransport, Duration removalGrace, Duration shutdownGrace) {
        this.removalGrace = removalGrace;
        this.shutdownGrace = shutdownGrace;
        int n = threads > 0 ? threads : defaultThreads(Runtime.getRuntime().availableProcessors());
        this.epoll = nativeTransport && Epoll.isAvailable();
        DefaultThreadFactory factory = new DefaultThreadFactory("relay-io", true);
        this.group = epoll ? new EpollEventLoopGroup(n, factory) : new NioEventLoopGroup(n, factory);
        if (epoll) {
            LOG.info("relay engine: {} event loop thread(s), epoll transport", n);
        } else {
            LOG.info(
                    "relay engine: {} event loop thread(s), NIO transport (epoll unavailable: {})",
                    n,
                    nativeTransport ? String.valueOf(Epoll.unavailabilityCause()) : "native.transport is false");
        }
    }

    /**
     * #17: one event loop per two cores. Most of a relay's work is the kernel's (the TCP/IP stack runs
     * in the sending thread, and in softirq for a network card), so loop threads on every core
     * compete with it: measured on 2 cores beside the load, one loop relayed 10 % more kept-alive
     * requests and spent 9 % less CPU per new connection than two (benchmarks/NOTES.md).
     */
    static int defaultThreads(int cores) {
        return Math.max(1, cores / 2);
    }

    Duration removalGrace() {
        return removalGrace;
    }

    Duration shutdownGrace() {
        return shutdownGrace;
    }

    boolean epoll() {
        return epoll;
    }

    EventLoopGroup group() {
        return group;
    }

    /**
     * #4: the pooled allocator for every channel of the relay, whatever Netty's default. Netty
     * 4.2's default, the adaptive allocator, does not pool 64 KiB buffers, so each datagram read
     * allocated and zeroed a fresh one: 11 % of the loop thread's time at 30,000 UDP queries/s.
     */
    ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    Class<? extends ServerSocketChannel> serverSocketChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends DatagramChannel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * Lets the kernel hand over several datagrams of one flow in one read (Linux UDP GRO); Netty
     * splits them again, so datagram boundaries are kept.
     */
    void enableUdpGro(io.netty.bootstrap.Bootstrap b) {
        if (epoll) {
            b.option(io.netty.channel.epoll.EpollChannelOption.UDP_GRO, true);
        }
    }

    @Deactivate
    void deactivate() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
