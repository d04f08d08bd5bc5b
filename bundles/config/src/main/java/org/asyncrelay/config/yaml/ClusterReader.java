package org.asyncrelay.config.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.HostNames;
import org.asyncrelay.api.settings.ClusterSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.yaml.snakeyaml.nodes.Node;

/**
 * #21: the {@code cluster} block, read by {@link ClusterSettings#ALL}: members as host:port, an IP
 * literal to listen on, and a secret wherever the cluster is reachable from beyond this host.
 */
final class ClusterReader {

    private final NodeReader reader;
    private final SettingsReader settings;

    ClusterReader(NodeReader reader) {
        this.reader = reader;
        this.settings = new SettingsReader(
                reader,
                ClusterSettings.ALL,
                Map.of(
                        ClusterSettings.LISTEN_ADDRESS, this::ipLiteral,
                        ClusterSettings.MEMBERS, this::members));
    }

    Optional<SettingValues> read(Node node) {
        return settings.read(node, "cluster").map(read -> {
            SettingValues v = read.values();
            if (!HostNames.isLoopbackLiteral(v.get(ClusterSettings.LISTEN_ADDRESS))
                    && v.get(ClusterSettings.SECRET).isEmpty()) {
                reader.problems()
                        .error(
                                read.given().getOrDefault(ClusterSettings.LISTEN_ADDRESS, node),
                                "cluster.secret",
                                "required when listen.address is not a loopback address (\""
                                        + v.get(ClusterSettings.LISTEN_ADDRESS)
                                        + "\"): without it any host that reaches the port could join"
                                        + " and change the configuration");
            }
            if ("kubernetes".equals(v.get(ClusterSettings.DISCOVERY))
                    && HostNames.isLoopbackLiteral(v.get(ClusterSettings.LISTEN_ADDRESS))) {
                reader.problems()
                        .error(
                                read.given().getOrDefault(ClusterSettings.LISTEN_ADDRESS, node),
                                "cluster.listen.address",
                                "discovery: kubernetes finds the members at their pods' addresses: expected 0.0.0.0"
                                        + " (or the pod's own address), got \""
                                        + v.get(ClusterSettings.LISTEN_ADDRESS)
                                        + "\"");
            }
            if (!"static".equals(v.get(ClusterSettings.DISCOVERY)) && read.has(ClusterSettings.MEMBERS)) {
                reader.problems()
                        .warning(
                                read.given().get(ClusterSettings.MEMBERS),
                                "cluster.members",
                                "ignored with discovery: " + v.get(ClusterSettings.DISCOVERY));
            }
            return v;
        });
    }

    private Optional<String> ipLiteral(Node n, String path) {
        return reader.string(n, path, "an IP address").flatMap(value -> {
            String v = value.trim();
            if (HostNames.isIpv4Literal(v) || HostNames.isIpv6Literal(v)) {
                return Optional.of(v);
            }
            reader.problems()
                    .error(n, path, "expected an IP address (127.0.0.1, 10.0.0.5, ::1 ...), got \"" + value + "\"");
            return Optional.empty();
        });
    }

    private Optional<List<String>> members(Node n, String path) {
        return reader.sequence(n, path, "members").flatMap(items -> {
            List<String> members = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < items.size(); i++) {
                String at = path + "[" + i + "]";
                Optional<String> text = reader.string(items.get(i), at, "host:port");
                if (text.isEmpty()) {
                    ok = false;
                    continue;
                }
                try {
                    members.add(BackendAddress.parse(text.get()).toString());
                } catch (IllegalArgumentException e) {
                    reader.problems().error(items.get(i), at, e.getMessage());
                    ok = false;
                }
            }
            return ok ? Optional.of(List.copyOf(members)) : Optional.empty();
        });
    }
}
