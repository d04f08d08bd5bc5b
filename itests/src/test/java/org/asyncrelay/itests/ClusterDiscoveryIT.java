package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.asyncrelay.itests.RelayCluster.cluster;
import static org.asyncrelay.itests.RelayCluster.exchange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * #21: relays that find each other without a list of members: by multicast on their segment, and
 * through the Kubernetes API as pods do.
 */
class ClusterDiscoveryIT {

    static final int NODES = 2;

    @TempDir
    Path work;

    RelayCluster relays;

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> relays == null ? List.of() : relays.started);

    @AfterEach
    void stop() throws Exception {
        if (relays != null) {
            relays.close();
        }
    }

    /** Each node lists every member at its address and relays a connection. */
    void everyNodeSeesEveryMemberAndRelays() throws Exception {
        for (int i = 1; i <= NODES; i++) {
            assertThat(cluster(i).get("members").findValuesAsText("address"))
                    .as("members seen by node %d", i)
                    .containsExactlyInAnyOrderElementsOf(relays.memberAddresses());
            assertThat(exchange(i)).isTrue();
        }
    }

    @Test
    void membersFindEachOtherByMulticast() throws Exception {
        relays = new RelayCluster(work, NODES, "multicast", RelayProcess.PRODUCT_DEFAULTS);
        relays.startAll();
        everyNodeSeesEveryMemberAndRelays();
        assertThat(Files.readString(relays.yaml(1))).contains("discovery: multicast");
    }

    /**
     * Hazelcast's Kubernetes discovery as a pod runs it: the API server's address, the service
     * account's token and the namespace from the environment, {@code listen.address: 0.0.0.0}
     * because a pod cannot know its IP in advance. The API server is a stand-in answering for pods
     * that are this test's network namespaces.
     */
    @Test
    void membersFindEachOtherThroughTheKubernetesApi() throws Exception {
        List<KubernetesApiStandIn.Pod> pods = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            pods.add(new KubernetesApiStandIn.Pod("relay-" + i, ClusterLan.address(i), 5701, true));
        }
        // the stand-in listens on the segment: the namespaces exist before it starts
        relays = new RelayCluster(work, NODES, "kubernetes", RelayProcess.PRODUCT_DEFAULTS);
        try (KubernetesApiStandIn api = new KubernetesApiStandIn(ClusterLan.HOST, "edge", "it-sa-token", pods, work)) {
            relays.env.put("HAZELCAST_KUBERNETES_KUBERNETES_MASTER", api.url());
            relays.env.put("HAZELCAST_KUBERNETES_API_TOKEN", "it-sa-token");
            relays.env.put("HAZELCAST_KUBERNETES_CA_CERTIFICATE", api.caCertificate());
            relays.env.put("KUBERNETES_NAMESPACE", "edge");
            relays.startAll();
            everyNodeSeesEveryMemberAndRelays();
            // found through the endpoint slices, as on a current Kubernetes; nothing asked without the token
            assertThat(api.requests)
                    .contains("GET /apis/discovery.k8s.io/v1/namespaces/edge/endpointslices 200")
                    .noneMatch(r -> r.endsWith(" 401"));
        }
    }
}
