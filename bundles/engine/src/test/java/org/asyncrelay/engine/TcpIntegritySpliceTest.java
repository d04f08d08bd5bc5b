package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.asyncrelay.api.Protocol;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every integrity test again, with the service splicing (epoll only). */
class TcpIntegritySpliceTest extends TcpIntegrityTest {

    @Override
    boolean splice() {
        return true;
    }

    @BeforeEach
    void needsEpoll() {
        Assumptions.assumeTrue(loops.epoll(), "splice needs the epoll transport");
    }

    /** The relay's one connection, once its client side has closed. */
    ClosedConnection closedConnection() {
        await().until(() -> !connections.closed.isEmpty());
        return connections.closed.get(0);
    }

    @Test
    void aDirectionSplicesOnceItHasCarriedTheThresholdAloneAndCountsStayExact() throws Exception {
        // JNA is loaded in the background at the JVM's first splice: here before this connection's
        SplicePipes.prepare();
        await().until(() -> SplicePipes.bytes() > SplicePipes.DEFAULT_BYTES);
        int size = (int) TcpRelay.SPLICE_AFTER_BYTES * 4;
        // reads a whole message before it sends it back: each direction carries it alone
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket s = backend.accept()) {
                    for (int i = 0; i < 2; i++) {
                        byte[] message = s.getInputStream().readNBytes(size);
                        s.getOutputStream().write(message);
                    }
                } catch (IOException e) {
                    // the test fails on what the client reads
                }
            });
            answering.start();
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(backend.getLocalPort())));
            try (Socket client = new Socket()) {
                client.connect(relay.tcpAddress(), 5000);
                client.setSoTimeout(10_000);
                byte[] sent = new byte[size];
                new Random(5).nextBytes(sent);
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                out.write(sent);
                out.flush();
                byte[] back = in.readNBytes(size);
                assertThat(back).isEqualTo(sent);

                // after the switch: more bytes each way, still intact, and still counted
                out.write(sent);
                out.flush();
                assertThat(in.readNBytes(size)).isEqualTo(sent);
                assertThat(relay.stats().tcpBytesReceived()).isEqualTo(2L * size);
                await().untilAsserted(
                                () -> assertThat(relay.stats().tcpBytesSent()).isEqualTo(2L * size));
                // #17: each direction splices through a pipe of SplicePipes.bytes(), on the channel it
                // splices to (JNA is on this classpath: a pipe that stayed at 64 KiB fails here)
                assertThat(SplicePipes.bytes()).isEqualTo(Math.min(1 << 20, pipeMaxSize()));
                assertThat(connections.connected).singleElement().satisfies(sockets -> {
                    assertThat(SplicePipes.size(NettyInternals.pipe(sockets.backend())))
                            .isEqualTo(SplicePipes.bytes());
                    assertThat(SplicePipes.size(NettyInternals.pipe(sockets.client())))
                            .isEqualTo(SplicePipes.bytes());
                });
            }
            answering.join(10_000);
            // both sockets switched to level-triggered epoll when splicing began
            assertThat(connections.connected)
                    .singleElement()
                    .satisfies(sockets -> assertThat(sockets.client().config().getOption(EpollChannelOption.EPOLL_MODE))
                            .isEqualTo(EpollMode.LEVEL_TRIGGERED));
            ClosedConnection closed = closedConnection();
            assertThat(closed.splicedUp()).as("client to backend spliced").isTrue();
            assertThat(closed.splicedDown()).as("backend to client spliced").isTrue();
            assertThat(closed.bytesUp()).isEqualTo(2L * size);
        }
    }

    private static int pipeMaxSize() throws IOException {
        return Integer.parseInt(
                Files.readAllLines(Path.of("/proc/sys/fs/pipe-max-size")).get(0).trim());
    }

    @Test
    void requestsAndAnswersAreNotSplicedHoweverManyBytesTheyAddUpTo() throws Exception {
        int message = 1600;
        int exchanges = (int) (4 * TcpRelay.SPLICE_AFTER_BYTES / message);
        try (NettyEcho backend = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(backend.port())));
            try (Socket client = new Socket()) {
                client.connect(relay.tcpAddress(), 5000);
                client.setSoTimeout(10_000);
                byte[] sent = new byte[message];
                new Random(7).nextBytes(sent);
                for (int i = 0; i < exchanges; i++) {
                    client.getOutputStream().write(sent);
                    assertThat(client.getInputStream().readNBytes(message)).isEqualTo(sent);
                }
                assertThat(connections.connected)
                        .singleElement()
                        .satisfies(sockets -> assertThat(
                                        sockets.client().config().getOption(EpollChannelOption.EPOLL_MODE))
                                .isEqualTo(EpollMode.EDGE_TRIGGERED));
            }
            ClosedConnection closed = closedConnection();
            assertThat(closed.bytesUp()).isEqualTo((long) exchanges * message);
            assertThat(closed.splicedUp()).isFalse();
            assertThat(closed.splicedDown()).isFalse();
        }
    }

    /** The inherited reset test then resets a connection whose backend side splices. */
    @Override
    int bytesBeforeReset() {
        return (int) TcpRelay.SPLICE_AFTER_BYTES * 4;
    }

    @Override
    void afterReset(ServiceRuntime relay) {
        assertThat(closedConnection().splicedDown())
                .as("backend to client spliced")
                .isTrue();
    }

    @Test
    void aShortExchangeIsNotSpliced() throws Exception {
        try (NettyEcho backend = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(backend.port())));
            try (Socket client = new Socket()) {
                client.connect(relay.tcpAddress(), 5000);
                client.setSoTimeout(10_000);
                client.getOutputStream().write("hello".getBytes());
                assertThat(client.getInputStream().readNBytes(5)).isEqualTo("hello".getBytes());
                // #17: a short connection keeps edge-triggered epoll, which costs fewer epoll calls
                assertThat(connections.connected).singleElement().satisfies(sockets -> {
                    assertThat(sockets.client().config().getOption(EpollChannelOption.EPOLL_MODE))
                            .isEqualTo(EpollMode.EDGE_TRIGGERED);
                    assertThat(sockets.backend().config().getOption(EpollChannelOption.EPOLL_MODE))
                            .isEqualTo(EpollMode.EDGE_TRIGGERED);
                });
            }
            assertThat(closedConnection().splicedUp()).isFalse();
            assertThat(closedConnection().splicedDown()).isFalse();
        }
    }
}
