package org.asyncrelay.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * #21: hosts of a cluster on one machine: a network namespace per relay, joined by a bridge in a
 * namespace of its own, and this test's host on the same segment (an address on a veth into the
 * bridge), so that the test reaches every relay and the relays reach the test's backends. Addresses
 * from 198.18.7.0/24, inside these namespaces and on the host's end of the veth only; everything is
 * removed by {@link #close()}.
 */
final class ClusterLan implements AutoCloseable {

    static final String PREFIX = "198.18.7.";
    /** The test's own address on the segment: backends listen there. */
    static final String HOST = PREFIX + "100";

    private static final String SWITCH = "rcsw";
    private static final String HOST_LINK = "rch-e";
    private final int nodes;

    ClusterLan(int nodes) throws Exception {
        this.nodes = nodes;
        close(); // leftovers of a run that was killed
        run("ip", "netns", "add", SWITCH);
        run("ip", "-n", SWITCH, "link", "add", "br0", "type", "bridge");
        // multicast discovery: flooded to every port, without waiting for an IGMP querier
        run("ip", "-n", SWITCH, "link", "set", "br0", "type", "bridge", "mcast_snooping", "0");
        run("ip", "-n", SWITCH, "link", "set", "br0", "up");
        for (int i = 1; i <= nodes; i++) {
            String ns = netns(i);
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", ns + "-e", "type", "veth", "peer", "name", ns + "-p");
            run("ip", "link", "set", ns + "-e", "netns", ns);
            run("ip", "link", "set", ns + "-p", "netns", SWITCH);
            run("ip", "-n", SWITCH, "link", "set", ns + "-p", "master", "br0", "up");
            run("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", ns + "-e");
            run("ip", "-n", ns, "link", "set", ns + "-e", "up");
            run("ip", "-n", ns, "link", "set", "lo", "up");
            run("ip", "-n", ns, "route", "add", "224.0.0.0/4", "dev", ns + "-e");
        }
        run("ip", "link", "add", HOST_LINK, "type", "veth", "peer", "name", "rch-p");
        run("ip", "link", "set", "rch-p", "netns", SWITCH);
        run("ip", "-n", SWITCH, "link", "set", "rch-p", "master", "br0", "up");
        run("ip", "addr", "add", HOST + "/24", "dev", HOST_LINK);
        run("ip", "link", "set", HOST_LINK, "up");
    }

    static String netns(int node) {
        return "rcn" + node;
    }

    static String address(int node) {
        return PREFIX + node;
    }

    /** What runs a command inside node {@code i}'s namespace. */
    static List<String> inside(int node) {
        return List.of("ip", "netns", "exec", netns(node));
    }

    private static void run(String... command) throws Exception {
        ReliabilityFaultsIT.Netns.run(command);
    }

    @Override
    public void close() throws Exception {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("ip", "link", "del", HOST_LINK));
        for (int i = 1; i <= Math.max(nodes, 3); i++) {
            commands.add(List.of("ip", "netns", "del", netns(i)));
        }
        commands.add(List.of("ip", "netns", "del", SWITCH));
        for (List<String> c : commands) {
            new ProcessBuilder(c).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
