package org.asyncrelay.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DnsResolverTest {

    TestDnsServer server;
    DnsResolver resolver;

    @BeforeEach
    void start() throws Exception {
        server = new TestDnsServer();
        resolver = new DnsResolver(List.of(server.address()), 1, 3600, 3600, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        resolver.deactivate();
        server.close();
    }

    List<String> resolve(String host) throws Exception {
        return resolver.resolve(host).toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
                .map(InetAddress::getHostAddress)
                .toList();
    }

    @Test
    void everyAddressOfANameIsReturned() throws Exception {
        server.zone.put("multi.test", new TestDnsServer.Records(List.of("127.0.0.2", "127.0.0.3"), 300));
        assertThat(resolve("multi.test")).containsExactly("127.0.0.2", "127.0.0.3");
    }

    @Test
    void anAnswerIsCachedUntilInvalidatedAsAfterAFirstFailure() throws Exception {
        server.zone.put("moving.test", new TestDnsServer.Records(List.of("127.0.0.2"), 3600));
        assertThat(resolve("moving.test")).containsExactly("127.0.0.2");
        server.zone.put("moving.test", new TestDnsServer.Records(List.of("127.0.0.3"), 3600));
        assertThat(resolve("moving.test")).containsExactly("127.0.0.2");

        resolver.invalidate("moving.test");

        assertThat(resolve("moving.test")).containsExactly("127.0.0.3");
    }

    @Test
    void aShortTtlIsHonoured() throws Exception {
        server.zone.put("short.test", new TestDnsServer.Records(List.of("127.0.0.2"), 1));
        assertThat(resolve("short.test")).containsExactly("127.0.0.2");
        server.zone.put("short.test", new TestDnsServer.Records(List.of("127.0.0.4"), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> resolve("short.test").equals(List.of("127.0.0.4")));
    }

    @Test
    void aNameThatDoesNotExistFails() {
        assertThatThrownBy(() -> resolve("nowhere.test")).hasMessageContaining("nowhere.test");
    }

    @Test
    void theLastGoodAnswerIsServedWhileTheServerIsDown() throws Exception {
        server.zone.put("flaky.test", new TestDnsServer.Records(List.of("127.0.0.5"), 1));
        assertThat(resolve("flaky.test")).containsExactly("127.0.0.5");
        server.silent = true;
        int before = server.queries.get();
        // once the TTL is over the resolver asks again, gets no answer, and serves what it had
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            List<String> answer = resolve("flaky.test");
            return server.queries.get() > before && answer.equals(List.of("127.0.0.5"));
        });

        server.silent = false;
        server.zone.put("flaky.test", new TestDnsServer.Records(List.of("127.0.0.6"), 1));
        await().atMost(Duration.ofSeconds(15)).until(() -> resolve("flaky.test").equals(List.of("127.0.0.6")));
    }

    @Test
    void noStaleAnswerOnceTheStaleWindowIsOver() throws Exception {
        resolver.deactivate();
        resolver = new DnsResolver(List.of(server.address()), 1, 3600, 0, Clock.systemUTC());
        server.zone.put("gone.test", new TestDnsServer.Records(List.of("127.0.0.7"), 1));
        assertThat(resolve("gone.test")).containsExactly("127.0.0.7");
        server.silent = true;
        resolver.invalidate("gone.test");
        assertThatThrownBy(() -> resolve("gone.test")).hasMessageContaining("gone.test");
    }
}
