package org.asyncrelay.shell;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.asyncrelay.api.BackendAddress;

@Service
@Command(
        scope = "relay",
        name = "test",
        description = "Connects to host:port over TCP as the relay would (every address of the name, in order) and"
                + " says how long each connect took.")
public class TestCommand implements Action {

    @Argument(index = 0, name = "address", description = "host:port or [ipv6]:port", required = true)
    String address;

    @Option(name = "--timeout", description = "Seconds to wait for each address (default 5)")
    int timeout = 5;

    @Override
    public Object execute() throws CommandException {
        BackendAddress target;
        try {
            target = BackendAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new CommandException(address + ": " + e.getMessage());
        }
        if (timeout < 1 || timeout > 300) {
            throw new CommandException("--timeout " + timeout + ": expected 1-300 seconds");
        }
        InetAddress[] addresses;
        long t0 = System.nanoTime();
        try {
            addresses = InetAddress.getAllByName(target.host());
        } catch (UnknownHostException e) {
            throw new CommandException(target + ": cannot resolve " + target.host() + " (" + millis(t0) + " ms)");
        }
        boolean any = false;
        for (InetAddress a : addresses) {
            InetSocketAddress to = new InetSocketAddress(a, target.port());
            long start = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(to, timeout * 1000);
                System.out.println(target + " (" + a.getHostAddress() + "): connected in " + millis(start) + " ms");
                any = true;
            } catch (IOException e) {
                System.out.println(target + " (" + a.getHostAddress() + "): " + e.getMessage() + " after "
                        + millis(start) + " ms");
            }
        }
        if (!any) {
            throw new CommandException(target + ": no address accepted");
        }
        return null;
    }

    private static String millis(long since) {
        return String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - since) / 1e6);
    }
}
