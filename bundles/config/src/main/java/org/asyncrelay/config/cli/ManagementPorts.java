package org.asyncrelay.config.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * #16: the ports of one relay's management listeners (ssh, HTTP, JMX), so that several relays run
 * side by side from one installation. Each {@code NAME=PORT} argument is printed back with the
 * port when it is free on 127.0.0.1 and not among {@code --taken=P,Q,...} (the ports of the relays
 * running now, which may not have bound them yet), else with a free one the system picks; {@code
 * NAME==PORT} is printed as it is (a port the operator set).
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
                System.err.println("usage: ManagementPorts NAME=PORT|NAME==PORT ...");
                System.exit(2);
            }
            String name = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            int port = value.startsWith("=")
                    ? Integer.parseInt(value.substring(1))
                    : freeOr(Integer.parseInt(value), taken);
            taken.add(port);
            System.out.println(name + "=" + port);
        }
    }

    /** {@code preferred} when it is not taken and can be bound on 127.0.0.1 now, else a port the system picks. */
    static int freeOr(int preferred, Set<Integer> taken) {
        if (!taken.contains(preferred) && bindable(preferred)) {
            return preferred;
        }
        for (int i = 0; i < 100; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!taken.contains(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new IllegalStateException("no free port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 outside " + taken);
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
