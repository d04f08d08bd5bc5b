package org.asyncrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostNamesTest {

    @Test
    void loopbackLiteralsAreTheLoopbackAddressesWrittenAsAddresses() {
        assertThat(HostNames.isLoopbackLiteral("127.0.0.1")).isTrue();
        assertThat(HostNames.isLoopbackLiteral("127.3.2.1")).isTrue();
        assertThat(HostNames.isLoopbackLiteral("::1")).isTrue();
        assertThat(HostNames.isLoopbackLiteral("10.0.0.5")).isFalse();
        assertThat(HostNames.isLoopbackLiteral("::")).isFalse();
        assertThat(HostNames.isLoopbackLiteral("198.18.7.1")).isFalse();
        // a name is never taken for a loopback address, even one that resolves to it
        assertThat(HostNames.isLoopbackLiteral("localhost")).isFalse();
        assertThat(HostNames.isLoopbackLiteral(null)).isFalse();
    }
}
