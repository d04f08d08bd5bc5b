package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpListenersTest {

    private static EventLoops loops;

    @BeforeAll
    static void startLoops() {
        loops = new EventLoops(2, true, Duration.ofSeconds(30), Duration.ofSeconds(5));
        assumeTrue(loops.epoll(), "epoll transport");
    }

    @AfterAll
    static void stopLoops() {
        loops.deactivate();
    }

    /** Which loop accepted each connection (the listener's) and which one serves it. */
    private final Map<Channel, EventLoop[]> accepted = new ConcurrentHashMap<>();

    private ServerBootstrap bootstrap() {
        return new ServerBootstrap().channel(loops.serverSocketChannel()).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                accepted.put(ch, new EventLoop[] {ch.parent().eventLoop(), ch.eventLoop()});
            }
        });
    }

    @Test
    void onePortIsListenedOnOncePerEventLoopAndEachConnectionStaysOnTheLoopThatAcceptedIt() throws Exception {
        TcpListeners listeners = new TcpListeners();
        String failure = listeners.bind(
                loops, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2000, this::bootstrap);
        assertThat(failure).isNull();
        try {
            assertThat(listeners.channels()).hasSize(2);
            int port = listeners.localAddress().getPort();
            assertThat(listeners.channels())
                    .allSatisfy(c -> assertThat(((InetSocketAddress) c.localAddress()).getPort())
                            .isEqualTo(port));
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                clients.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }
            org.awaitility.Awaitility.await().until(() -> accepted.size() == 64);
            assertThat(accepted.values())
                    .allSatisfy(loopsOf -> assertThat(loopsOf[1]).isSameAs(loopsOf[0]));
            // the kernel spreads connections by their addresses: all 64 on one listener would be 1 in 2^63
            assertThat(accepted.values().stream().map(l -> l[0]).distinct()).hasSize(2);
            for (Socket s : clients) {
                s.close();
            }
        } finally {
            listeners.close();
        }
        assertThat(listeners.bound()).isFalse();
    }

    @Test
    void aPortHeldByAnotherSocketThatSharesWithReusePortIsRefusedAsInUse() throws Exception {
        try (ServerSocketChannel other = ServerSocketChannel.open()) {
            other.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TcpListeners listeners = new TcpListeners();
            String failure = listeners.bind(loops, (InetSocketAddress) other.getLocalAddress(), 2000, this::bootstrap);
            assertThat(failure).contains("Address already in use");
            assertThat(listeners.bound()).isFalse();
        }
    }
}
