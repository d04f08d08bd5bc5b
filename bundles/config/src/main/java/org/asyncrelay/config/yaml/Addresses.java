package org.asyncrelay.config.yaml;

import java.util.Optional;
import org.asyncrelay.api.HostNames;
import org.yaml.snakeyaml.nodes.Node;

/** Listen addresses: IP literals (IPv6 without brackets), wildcards or host names. */
final class Addresses {

    private Addresses() {}

    static Optional<String> listenAddress(NodeReader reader, Node node, String path) {
        return reader.string(node, path, "an IP address or host name").flatMap(value -> {
            String v = value.trim();
            if (v.startsWith("[") && v.endsWith("]")) {
                v = v.substring(1, v.length() - 1);
            }
            if (HostNames.isIpv4Literal(v) || HostNames.isIpv6Literal(v) || HostNames.isHostName(v)) {
                return Optional.of(v);
            }
            reader.problems()
                    .error(
                            node,
                            path,
                            "expected an IP address (0.0.0.0, ::, 127.0.0.1 ...) or host name, got \"" + value + "\"");
            return Optional.empty();
        });
    }
}
