package org.asyncrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import java.util.Map;
import org.asyncrelay.api.settings.ClusterSettings;
import org.junit.jupiter.api.Test;

class HazelcastMembersTest {

    @Test
    void anAddressIsBoundAndAdvertisedAsItIs() {
        Config c = HazelcastMembers.config(ClusterSettings.of(Map.of("name", "edge", "listen.address", "198.18.7.1")));
        assertThat(c.getProperty("hazelcast.local.localAddress")).isEqualTo("198.18.7.1");
        assertThat(c.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(c.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(c.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("198.18.7.1");
        assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).contains("198.18.7.1:5701");
    }

    @Test
    void aWildcardBindsEveryInterfaceAndLetsHazelcastPickTheAddress() {
        for (String any : new String[] {"0.0.0.0", "::"}) {
            Config c = HazelcastMembers.config(ClusterSettings.of(
                    Map.of("name", "edge", "listen.address", any, "discovery", "kubernetes", "secret", "s")));
            assertThat(c.getProperty("hazelcast.local.localAddress")).as(any).isNull();
            assertThat(c.getProperty("hazelcast.socket.bind.any")).as(any).isEqualTo("true");
            assertThat(c.getNetworkConfig().getInterfaces().isEnabled()).as(any).isFalse();
            assertThat(c.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled())
                    .isTrue();
            assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled())
                    .isFalse();
        }
        Config listed = HazelcastMembers.config(ClusterSettings.of(Map.of(
                "name",
                "edge",
                "listen.address",
                "0.0.0.0",
                "members",
                new String[] {"198.18.7.2:5701"},
                "secret",
                "s")));
        assertThat(listed.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
                .as("a wildcard is no address to join at")
                .containsExactly("198.18.7.2:5701");
    }
}
