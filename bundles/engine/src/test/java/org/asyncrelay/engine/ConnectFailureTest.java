package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ConnectFailureTest {

    @Test
    void namesTheReasonOfWhatNettyAndTheJdkThrow() {
        assertThat(ConnectFailure.reason(new ConnectTimeoutException("connection timed out: /10.0.0.1:80")))
                .isEqualTo("timeout");
        // epoll's text for ECONNREFUSED, as a plain ConnectException subclass
        assertThat(ConnectFailure.reason(new ConnectException("finishConnect(..) failed: Connection refused")))
                .isEqualTo("refused");
        assertThat(ConnectFailure.reason(new IOException("connect(..) failed: Network is unreachable")))
                .isEqualTo("unreachable");
        assertThat(ConnectFailure.reason(new NoRouteToHostException())).isEqualTo("unreachable");
        assertThat(ConnectFailure.reason(new PortUnreachableException())).isEqualTo("unreachable");
        assertThat(ConnectFailure.reason(new UnknownHostException("backend.example: no address")))
                .isEqualTo("dns");
        assertThat(ConnectFailure.reason(new IOException((String) null))).isEqualTo("other");
    }
}
