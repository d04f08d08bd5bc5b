package org.asyncrelay.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The listening sockets of one TCP service. With epoll and several event loops, one socket per
 * loop on the same port (SO_REUSEPORT): the kernel spreads new connections over them and each
 * connection stays on the loop that accepted it, as HAProxy's and nginx's listeners do (#17: a
 * single listener hands every other connection to another loop thread through its task queue;
 * on 2 cores that hand-off measured no CPU of its own, but it wakes a second thread per
 * connection). Otherwise one socket, its connections spread over the loops by Netty.
 */
final class TcpListeners {

    private final List<Channel> channels = new ArrayList<>();

    /**
     * Binds; waits at most {@code timeoutMillis} for each socket. {@code bootstrap} gives a
     * listener's bootstrap without its event loops. Returns null when bound, or why not; on failure
     * nothing stays bound.
     */
    String bind(EventLoops loops, InetSocketAddress address, long timeoutMillis, Supplier<ServerBootstrap> bootstrap) {
        List<EventLoop> perLoop = perLoopListeners(loops) ? eventLoops(loops.group()) : List.of();
        if (perLoop.isEmpty()) {
            return bindOne(bootstrap.get().group(loops.group()), address, timeoutMillis);
        }
        String taken = takenByAnother(address);
        if (taken != null) {
            return taken;
        }
        InetSocketAddress at = address;
        for (EventLoop loop : perLoop) {
            ServerBootstrap b = bootstrap.get().group(loop, loop).option(EpollChannelOption.SO_REUSEPORT, true);
            String failure = bindOne(b, at, timeoutMillis);
            if (failure != null) {
                return failure;
            }
            // port 0 asked for: the others join the port the kernel gave the first
            at = localAddress();
        }
        return null;
    }

    private String bindOne(ServerBootstrap b, InetSocketAddress address, long timeoutMillis) {
        ChannelFuture f = b.bind(address);
        f.awaitUninterruptibly(timeoutMillis);
        if (f.isSuccess()) {
            channels.add(f.channel());
            return null;
        }
        f.channel().close();
        close();
        return f.cause() == null ? "timed out" : f.cause().getMessage();
    }

    private static boolean perLoopListeners(EventLoops loops) {
        return loops.epoll() && eventLoops(loops.group()).size() > 1;
    }

    private static List<EventLoop> eventLoops(EventLoopGroup group) {
        List<EventLoop> all = new ArrayList<>();
        for (EventExecutor e : group) {
            all.add((EventLoop) e);
        }
        return all;
    }

    /**
     * With SO_REUSEPORT, a second relay of the same user would share the port and silently get
     * half the connections; a socket bound without it finds such a listener, as a plain listener
     * would. Not listening, it takes no connection. Null when the port is free.
     */
    private static String takenByAnother(InetSocketAddress address) {
        if (address.getPort() == 0) {
            return null;
        }
        try (SocketChannel probe = SocketChannel.open(
                address.getAddress() instanceof java.net.Inet6Address
                        ? java.net.StandardProtocolFamily.INET6
                        : java.net.StandardProtocolFamily.INET)) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(address);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** The first socket's address, or null when none is bound. */
    InetSocketAddress localAddress() {
        return channels.isEmpty() ? null : (InetSocketAddress) channels.get(0).localAddress();
    }

    List<Channel> channels() {
        return List.copyOf(channels);
    }

    boolean bound() {
        return !channels.isEmpty();
    }

    /** Stops accepting; established connections go on. */
    void close() {
        channels.forEach(c -> c.close().awaitUninterruptibly(2000));
        channels.clear();
    }
}
