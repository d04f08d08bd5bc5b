package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.asyncrelay.api.Protocol;
import org.junit.jupiter.api.Test;

class TcpIntegrityTest extends EngineTestBase {

    static final long HUNDRED_MB = 100L * 1024 * 1024;

    @Test
    void hundredMegabytesEachWayArriveIntact() throws Exception {
        try (NettyEcho backend = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(backend.port())));
            try (Socket client = new Socket()) {
                client.connect(relay.tcpAddress(), 5000);
                Future<Streams.Digest> back = executor.submit(() -> Streams.read(client.getInputStream()));
                String sent = Streams.write(client.getOutputStream(), HUNDRED_MB, 7);
                client.shutdownOutput();
                Streams.Digest received = back.get(120, TimeUnit.SECONDS);
                assertThat(received.bytes()).isEqualTo(HUNDRED_MB);
                assertThat(received.sha256()).isEqualTo(sent);
            }
            assertThat(relay.stats().tcpBytesReceived()).isEqualTo(HUNDRED_MB);
            await().untilAsserted(() -> assertThat(relay.stats().tcpBytesSent()).isEqualTo(HUNDRED_MB));
        }
    }

    @Test
    void twoThousandConcurrentConnectionsAllIntact() throws Exception {
        int connections = 2000;
        long maxFds = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        assertThat(maxFds)
                .as("open file limit (ulimit -n) for 4 sockets per connection")
                .isGreaterThan(4L * connections + 500);
        EventLoopGroup clients = new NioEventLoopGroup(2);
        try (NettyEcho backend = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(backend.port())));
            CountDownLatch done = new CountDownLatch(connections);
            AtomicInteger intact = new AtomicInteger();
            AtomicInteger broken = new AtomicInteger();
            Bootstrap b = new Bootstrap()
                    .group(clients)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
            for (int i = 0; i < connections; i++) {
                byte[] payload = new byte[4096 + i];
                new Random(i).nextBytes(payload);
                String expected = HexFormat.of().formatHex(Streams.sha256().digest(payload));
                b.clone()
                        .handler(new EchoCheck(payload, expected, intact, broken, done))
                        .connect(relay.tcpAddress())
                        .addListener(f -> {
                            if (!f.isSuccess()) {
                                broken.incrementAndGet();
                                done.countDown();
                            }
                        });
            }
            assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
            assertThat(broken.get()).isZero();
            assertThat(intact.get()).isEqualTo(connections);
            assertThat(relay.stats().tcpConnections()).isEqualTo(connections);
            await().untilAsserted(() -> assertThat(relay.stats().tcpActive()).isZero());
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Sends a payload, half-closes, and checks that exactly the payload comes back. */
    static final class EchoCheck extends ChannelInboundHandlerAdapter {
        private final byte[] payload;
        private final String expected;
        private final AtomicInteger intact;
        private final AtomicInteger broken;
        private final CountDownLatch done;
        private final MessageDigest digest = Streams.sha256();
        private long received;
        private boolean counted;

        EchoCheck(byte[] payload, String expected, AtomicInteger intact, AtomicInteger broken, CountDownLatch done) {
            this.payload = payload;
            this.expected = expected;
            this.intact = intact;
            this.broken = broken;
            this.done = done;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(payload))
                    .addListener(f -> ((DuplexChannel) ctx.channel()).shutdownOutput());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received += buf.readableBytes();
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            digest.update(bytes);
            buf.release();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish(received == payload.length
                    && HexFormat.of().formatHex(digest.digest()).equals(expected));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(false);
            ctx.close();
        }

        private void finish(boolean ok) {
            if (!counted) {
                counted = true;
                (ok ? intact : broken).incrementAndGet();
                done.countDown();
            }
        }
    }

    @Test
    void aSlowReaderKeepsWhatTheRelayHoldsBounded() throws Exception {
        long size = 64L * 1024 * 1024;
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(backend.getLocalPort())));
            CompletableFuture<String> written = new CompletableFuture<>();
            executor.execute(() -> {
                try (Socket s = backend.accept()) {
                    written.complete(Streams.write(s.getOutputStream(), size, 11));
                } catch (IOException e) {
                    written.completeExceptionally(e);
                }
            });
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(64 * 1024);
                client.connect(relay.tcpAddress(), 5000);
                // the client reads nothing: the relay must stop reading from the backend, so the
                // bytes it has taken from the backend stop growing
                long[] last = {-1};
                await().pollInterval(Duration.ofMillis(300))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> {
                            long now = relay.stats().tcpBytesSent();
                            boolean plateau = now > 0 && now == last[0];
                            last[0] = now;
                            return plateau;
                        });
                long inFlight = relay.stats().tcpBytesSent();
                assertThat(inFlight)
                        .as("bytes read from the backend while the client reads nothing")
                        .isLessThan(16L * 1024 * 1024);
                assertThat(written).isNotDone();

                Streams.Digest got = Streams.read(client.getInputStream());
                assertThat(got.bytes()).isEqualTo(size);
                assertThat(got.sha256()).isEqualTo(written.get(30, TimeUnit.SECONDS));
            }
        }
    }

    /** What the backend sends before it resets the connection. */
    int bytesBeforeReset() {
        return 1;
    }

    /** A subclass's check of the connection once the reset has reached the client. */
    void afterReset(ServiceRuntime relay) {}

    @Test
    void aBackendResetReachesTheClientAsAReset() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(backend.getLocalPort())));
            try (Socket client = new Socket()) {
                client.connect(relay.tcpAddress(), 5000);
                client.setSoTimeout(10_000);
                InputStream in = client.getInputStream();
                try (Socket accepted = backend.accept()) {
                    // the relayed connection is established end to end before the reset
                    byte[] sent = new byte[bytesBeforeReset()];
                    java.util.Arrays.fill(sent, (byte) 'x');
                    accepted.getOutputStream().write(sent);
                    assertThat(in.readNBytes(sent.length)).isEqualTo(sent);
                    accepted.setSoLinger(true, 0);
                }
                assertResetArrives(in);
            }
            afterReset(relay);
        }
    }

    /** Reads until the stream fails with a connection reset. */
    static void assertResetArrives(InputStream in) {
        assertThatThrownBy(() -> {
                    while (in.read() >= 0) {
                        // drain until the reset
                    }
                })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("reset");
    }

    @Test
    void theClientsBytesWrittenBeforeTheBackendConnectsAreKept() throws Exception {
        try (NettyEcho backend = new NettyEcho()) {
            ServiceRuntime relay =
                    relay(Protocol.TCP, List.of(local(TcpRelayTest.closedPort()), local(backend.port())));
            try (Socket client = new Socket()) {
                client.connect(relay.tcpAddress(), 5000);
                OutputStream out = client.getOutputStream();
                String sent = Streams.write(out, 1024 * 1024, 3);
                client.shutdownOutput();
                Streams.Digest got = Streams.read(client.getInputStream());
                assertThat(got.sha256()).isEqualTo(sent);
            }
        }
    }
}
