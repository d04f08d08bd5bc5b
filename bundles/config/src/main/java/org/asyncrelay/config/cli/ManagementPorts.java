package org.asyncrelay.config.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * #16: the ports of one relay's management listeners (ssh, HTTP, JMX), so that several relays run
 * side by side from one installation. {@code NAME=PORT+SPAN} is printed back as {@code NAME=P}: the
 * first of PORT, PORT+1, ... PORT+SPAN-1 that is not among {@code --taken=P,Q,...} (the ports of the
 * relays running now, which may not have bound them yet) and can be bound on 127.0.0.1 now; {@code
 * NAME==PORT} is printed as it is (a port the operator set).
 *
 * <p>Never a port the system picks: those come from the ephemeral range, where the port chosen here
 * stays unbound for the seconds Karaf takes to start and any outgoing connection, or a service port
 * chosen the same way, can take it (DaemonIT, 2 of 4 loop runs: a relay's service port answered
 * with the other relay's web console). The defaults are below that range for the same reason.
 */
public final class ManagementPorts {

    private ManagementPorts() {}

    public static void main(String[] args) {
        Set<Integer> taken = new HashSet<>();
        for (String arg : args) {
            if (arg.startsWith("--taken=")) {
                for (String p : arg.substring("--taken=".length()).split(",")) {
                    if (!p.isBlank()) {
                        taken.add(Integer.parseInt(p.strip()));
                    }
                }
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("usage: ManagementPorts [--taken=P,Q] NAME=PORT+SPAN|NAME==PORT ...");
                System.exit(2);
            }
            String name = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            int port;
            if (value.startsWith("=")) {
                port = Integer.parseInt(value.substring(1));
            } else {
                String[] range = value.split("\\+");
                port = firstFree(Integer.parseInt(range[0]), range.length > 1 ? Integer.parseInt(range[1]) : 1, taken);
            }
            taken.add(port);
            System.out.println(name + "=" + port);
        }
    }

    static int firstFree(int first, int span, Set<Integer> taken) {
        for (int p = first; p < first + span; p++) {
            if (!taken.contains(p) && bindable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 in " + first + "-" + (first + span - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
