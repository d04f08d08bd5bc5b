package org.asyncrelay.config.yaml;

import java.util.ArrayList;
import java.util.List;
import org.asyncrelay.config.model.ServiceDefinition;
import org.yaml.snakeyaml.nodes.Node;

/** Two services that would bind the same port and protocol on overlapping addresses. */
final class ListenConflicts {

    private final ProblemCollector problems;
    private final List<ServiceDefinition> seen = new ArrayList<>();

    ListenConflicts(ProblemCollector problems) {
        this.problems = problems;
    }

    void check(ServiceDefinition s, Node at, String path) {
        for (ServiceDefinition other : seen) {
            if (other.listenPort() == s.listenPort()
                    && protocolsOverlap(other, s)
                    && addressesOverlap(other.listenAddress(), s.listenAddress())) {
                problems.error(
                        at,
                        path + ".listen",
                        "service \"" + s.name() + "\" listens on " + s.listenAddress() + " port " + s.listenPort()
                                + ", which service \"" + other.name() + "\" already uses for the same protocol");
                return;
            }
        }
        seen.add(s);
    }

    private static boolean protocolsOverlap(ServiceDefinition a, ServiceDefinition b) {
        return (a.protocol().carriesTcp() && b.protocol().carriesTcp())
                || (a.protocol().carriesUdp() && b.protocol().carriesUdp());
    }

    private static boolean addressesOverlap(String a, String b) {
        if (a.equalsIgnoreCase(b) || a.equals("::") || b.equals("::")) {
            return true;
        }
        return (a.equals("0.0.0.0") && b.indexOf(':') < 0) || (b.equals("0.0.0.0") && a.indexOf(':') < 0);
    }
}
