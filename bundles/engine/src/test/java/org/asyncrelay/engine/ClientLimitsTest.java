package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.asyncrelay.api.Refusal;
import org.junit.jupiter.api.Test;

class ClientLimitsTest {

    final AtomicLong now = new AtomicLong();
    final ClientLimits limits = new ClientLimits(now::get);

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void connectionsAtOnceAreCountedPerAddress() throws Exception {
        InetAddress a = ip("192.0.2.1");
        assertThat(limits.admit(a, 2, 0)).isNull();
        assertThat(limits.admit(a, 2, 0)).isNull();
        assertThat(limits.admit(a, 2, 0)).isEqualTo(Refusal.MAX_CONNECTIONS_PER_CLIENT);
        assertThat(limits.admit(ip("192.0.2.2"), 2, 0)).isNull();
        limits.closed(a);
        assertThat(limits.admit(a, 2, 0)).isNull();
    }

    @Test
    void newConnectionsPerSecondComeFromABucketRefilledContinuously() throws Exception {
        InetAddress a = ip("2001:db8::1");
        for (int i = 0; i < 4; i++) {
            assertThat(limits.admit(a, 0, 4)).isNull();
        }
        assertThat(limits.admit(a, 0, 4)).isEqualTo(Refusal.MAX_NEW_CONNECTIONS_PER_CLIENT);
        now.addAndGet(250_000_000);
        assertThat(limits.admit(a, 0, 4)).isNull();
        assertThat(limits.admit(a, 0, 4)).isEqualTo(Refusal.MAX_NEW_CONNECTIONS_PER_CLIENT);
        now.addAndGet(10_000_000_000L);
        // never more than one second's worth at once
        for (int i = 0; i < 4; i++) {
            assertThat(limits.admit(a, 0, 4)).isNull();
        }
        assertThat(limits.admit(a, 0, 4)).isNotNull();
    }

    @Test
    void anAddressIsForgottenOnceItHasNothingOpenAndItsBucketIsFull() throws Exception {
        InetAddress a = ip("192.0.2.1");
        InetAddress b = ip("192.0.2.2");
        limits.admit(a, 10, 2);
        limits.admit(b, 10, 2);
        limits.closed(b);
        limits.sweep(2);
        assertThat(limits.size()).isEqualTo(2);
        now.addAndGet(1_000_000_000);
        limits.sweep(2);
        assertThat(limits.size()).isEqualTo(1);
        limits.closed(a);
        limits.sweep(2);
        assertThat(limits.size()).isZero();
    }
}
