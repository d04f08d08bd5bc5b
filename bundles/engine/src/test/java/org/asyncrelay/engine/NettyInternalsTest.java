package org.asyncrelay.engine;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.UnixChannel;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** #17: the epoll bookkeeping the engine does itself instead of Netty's (fewer syscalls per connection). */
class NettyInternalsTest {

    private static EventLoops loops;
    private static EventLoop loop;

    @BeforeAll
    static void startLoops() {
        loops = new EventLoops(1, true, Duration.ofSeconds(30), Duration.ofSeconds(5));
        assumeTrue(loops.epoll(), "epoll transport");
        loop = loops.group().next();
    }

    @AfterAll
    static void stopLoops() {
        loops.deactivate();
    }

    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

    private Bootstrap newBootstrap(InetSocketAddress to) {
        return new Bootstrap()
                .group(loop)
                .channelFactory(NettyInternals.connecting(true, to))
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        received.add(buf.toString(US_ASCII));
                        buf.release();
                    }
                });
    }

    private Channel connect(InetSocketAddress to) throws Exception {
        Channel ch = newBootstrap(to).connect(to).sync().channel();
        loop.submit(() -> NettyInternals.connected(ch)).sync();
        return ch;
    }

    @Test
    void aBackendChannelIsAddedToEpollReadyToConnectAndReadAndWritesAtOnceWhenConnected() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress to = (InetSocketAddress) server.getLocalSocketAddress();
            Channel made = NettyInternals.connecting(true, to).newChannel();
            assertThat(flags(made) & (Native.EPOLLIN | Native.EPOLLOUT)).isEqualTo(Native.EPOLLIN | Native.EPOLLOUT);
            assertThat(ipv6(made)).as("an IPv4 socket for an IPv4 address").isFalse();
            made.unsafe().closeForcibly();

            Channel ch = connect(to);
            try (Socket peer = server.accept()) {
                assertThat(flags(ch) & Native.EPOLLOUT)
                        .as("EPOLLOUT once connected")
                        .isZero();
                assertThat(flags(ch) & Native.EPOLLIN).isNotZero();
                assertThat(ch.writeAndFlush(Unpooled.copiedBuffer("ping", US_ASCII))
                                .await(5, TimeUnit.SECONDS))
                        .isTrue();
                assertThat(new String(peer.getInputStream().readNBytes(4), US_ASCII))
                        .isEqualTo("ping");
                peer.getOutputStream().write("pong".getBytes(US_ASCII));
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("pong");
            } finally {
                ch.close().sync();
            }
        }
    }

    @Test
    void aSocketClosedBeforeItsChannelEndsForThePeerAndItsNumberServesTheNextConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 64, InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress to = (InetSocketAddress) server.getLocalSocketAddress();
            int reused = 0;
            for (int i = 0; i < 20; i++) {
                Channel closing = connect(to);
                int fd = ((UnixChannel) closing).fd().intValue();
                try (Socket peer = server.accept()) {
                    // the next socket gets the closed one's number while Netty may still map it to closing
                    Channel next = loop.submit(() -> {
                                NettyInternals.close(closing);
                                return newBootstrap(to).connect(to);
                            })
                            .get(5, TimeUnit.SECONDS)
                            .sync()
                            .channel();
                    loop.submit(() -> NettyInternals.connected(next)).sync();
                    assertThat(closing.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
                    assertThat(closing.isOpen()).isFalse();
                    assertThat(peer.getInputStream().read())
                            .as("the peer reads the end")
                            .isEqualTo(-1);
                    if (((UnixChannel) next).fd().intValue() == fd) {
                        reused++;
                    }
                    try (Socket nextPeer = server.accept()) {
                        assertThat(next.writeAndFlush(Unpooled.copiedBuffer("y", US_ASCII))
                                        .await(5, TimeUnit.SECONDS))
                                .isTrue();
                        assertThat(nextPeer.getInputStream().read()).isEqualTo('y');
                        nextPeer.getOutputStream().write('x');
                        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("x");
                        assertThat(next.isActive()).isTrue();
                    } finally {
                        next.close().sync();
                    }
                }
            }
            assertThat(reused).as("descriptor numbers reused while mapped").isPositive();
        }
    }

    private static int flags(Channel ch) throws ReflectiveOperationException {
        Field f = AbstractEpollStreamChannel.class.getSuperclass().getDeclaredField("flags");
        f.setAccessible(true);
        return f.getInt(ch);
    }

    private static boolean ipv6(Channel ch) throws ReflectiveOperationException {
        Field f = io.netty.channel.unix.Socket.class.getDeclaredField("ipv6");
        f.setAccessible(true);
        return f.getBoolean(((UnixChannel) ch).fd());
    }
}
