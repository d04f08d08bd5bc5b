package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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

    /** The client side of the relay's one connection. */
    static TcpFrontendHandler front(ServiceRuntime relay) {
        Channel inbound = List.copyOf(relay.tcpRelay().clientChannels()).get(0);
        return (TcpFrontendHandler) inbound.pipeline().last();
    }

    @Test
    void aDirectionSplicesOnceItHasCarriedTheThresholdAndCountsStayExact() throws Exception {
        int size = (int) TcpRelay.SPLICE_AFTER_BYTES * 4;
        try (NettyEcho backend = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(backend.port())));
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

                TcpFrontendHandler front = front(relay);
                assertThat(front.splicing(true)).as("client to backend spliced").isTrue();
                assertThat(front.splicing(false))
                        .as("backend to client spliced")
                        .isTrue();

                // after the switch: more bytes each way, still intact, and still counted
                out.write(sent);
                out.flush();
                assertThat(in.readNBytes(size)).isEqualTo(sent);
                assertThat(relay.stats().tcpBytesReceived()).isEqualTo(2L * size);
                await().untilAsserted(
                                () -> assertThat(relay.stats().tcpBytesSent()).isEqualTo(2L * size));
            }
        }
    }

    /** The inherited reset test then resets a connection whose backend side splices. */
    @Override
    int bytesBeforeReset() {
        return (int) TcpRelay.SPLICE_AFTER_BYTES * 4;
    }

    @Override
    void beforeReset(ServiceRuntime relay) {
        assertThat(front(relay).splicing(false)).as("backend to client spliced").isTrue();
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
                assertThat(front(relay).splicing(true)).isFalse();
            }
        }
    }
}
