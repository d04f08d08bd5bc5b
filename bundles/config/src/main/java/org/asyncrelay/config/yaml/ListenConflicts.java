package org.asyncrelay.config.yaml;

import static org.asyncrelay.api.settings.ServiceSettings.LISTEN_ADDRESS;
import static org.asyncrelay.api.settings.ServiceSettings.LISTEN_PORT;
import static org.asyncrelay.api.settings.ServiceSettings.NAME;
import static org.asyncrelay.api.settings.ServiceSettings.PROTOCOL;

import java.util.ArrayList;
import java.util.List;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.settings.SettingValues;
import org.yaml.snakeyaml.nodes.Node;

/** Two services that would bind the same port and protocol on overlapping addresses. */
final class ListenConflicts {

    private final ProblemCollector problems;
    private final List<SettingValues> seen = new ArrayList<>();

    ListenConflicts(ProblemCollector problems) {
        this.problems = problems;
    }

    void check(SettingValues s, Node at, String path) {
        for (SettingValues other : seen) {
            if (other.get(LISTEN_PORT).equals(s.get(LISTEN_PORT))
                    && protocolsOverlap(other, s)
                    && addressesOverlap(other.get(LISTEN_ADDRESS), s.get(LISTEN_ADDRESS))) {
                problems.error(
                        at,
                        path + ".listen",
                        "service \"" + s.get(NAME) + "\" listens on " + s.get(LISTEN_ADDRESS) + " port "
                                + s.get(LISTEN_PORT) + ", which service \"" + other.get(NAME)
                                + "\" already uses for the same protocol");
                return;
            }
        }
        seen.add(s);
    }

    private static boolean protocolsOverlap(SettingValues a, SettingValues b) {
        Protocol pa = Protocol.fromConfigValue(a.get(PROTOCOL));
        Protocol pb = Protocol.fromConfigValue(b.get(PROTOCOL));
        return (pa.carriesTcp() && pb.carriesTcp()) || (pa.carriesUdp() && pb.carriesUdp());
    }

    private static boolean addressesOverlap(String a, String b) {
        if (a.equalsIgnoreCase(b) || a.equals("::") || b.equals("::")) {
            return true;
        }
        return (a.equals("0.0.0.0") && b.indexOf(':') < 0) || (b.equals("0.0.0.0") && a.indexOf(':') < 0);
    }
}
