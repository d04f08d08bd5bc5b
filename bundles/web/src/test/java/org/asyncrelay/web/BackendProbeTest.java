package org.asyncrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendResolver;
import org.junit.jupiter.api.Test;

class BackendProbeTest {

    private final BackendProbe probe = new BackendProbe(null, Duration.ofSeconds(2));

    @Test
    void aListeningBackendAnswersWithItsAddressAndLatency() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, Object> r = probe.probe(new BackendAddress("127.0.0.1", server.getLocalPort()));
            assertThat(r)
                    .containsEntry("success", true)
                    .containsEntry("address", "127.0.0.1:" + server.getLocalPort())
                    .containsEntry("resolved_ips", List.of("127.0.0.1"));
            assertThat((Double) r.get("latency_ms")).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aClosedPortIsRefusedWithTheReason() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        Map<String, Object> r = probe.probe(new BackendAddress("127.0.0.1", port));
        assertThat(r).containsEntry("success", false);
        assertThat((String) r.get("error"))
                .startsWith("127.0.0.1:" + port + ": ")
                .contains("refused");
    }

    @Test
    void everyResolvedAddressIsTriedInTurn() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            BackendResolver twoAddresses = new BackendResolver() {
                public CompletionStage<List<InetAddress>> resolve(String host) {
                    try {
                        return CompletableFuture.completedFuture(
                                List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1")));
                    } catch (java.net.UnknownHostException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }

                public void invalidate(String host) {}
            };
            Map<String, Object> r = new BackendProbe(twoAddresses, Duration.ofSeconds(2))
                    .probe(new BackendAddress("backend.test", server.getLocalPort()));
            assertThat(r).containsEntry("success", true).containsEntry("address", "127.0.0.1:" + server.getLocalPort());
        }
    }

    @Test
    void aNameThatDoesNotResolveSaysSo() {
        BackendResolver nothing = new BackendResolver() {
            public CompletionStage<List<InetAddress>> resolve(String host) {
                return CompletableFuture.failedFuture(new java.net.UnknownHostException(host + ": NXDOMAIN"));
            }

            public void invalidate(String host) {}
        };
        Map<String, Object> r =
                new BackendProbe(nothing, Duration.ofSeconds(1)).probe(new BackendAddress("nowhere.test", 80));
        assertThat(r)
                .containsEntry("success", false)
                .containsEntry("error", "cannot resolve nowhere.test: nowhere.test: NXDOMAIN");
    }
}
