package org.asyncrelay.shell;

import java.util.Collection;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

@Service
@Command(
        scope = "relay",
        name = "backends",
        description =
                "Shows a service's backends in queue order: state, cooldown, failures, addresses, health and traffic.")
public class BackendsCommand implements Action {

    @Argument(index = 0, name = "service", description = "The relay service", required = true)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Reference
    BundleContext context;

    @Override
    public Object execute() throws InvalidSyntaxException {
        String filter = "(" + RelayPids.SERVICE_NAME_PROPERTY + "=" + RelayPids.filterValue(service) + ")";
        Collection<ServiceReference<BackendPool>> refs = context.getServiceReferences(BackendPool.class, filter);
        if (refs.isEmpty()) {
            System.err.println("No relay service named " + service);
            return null;
        }
        BackendPool pool = context.getService(refs.iterator().next());
        Map<BackendAddress, RelayStats> traffic = Map.of();
        for (RelayService s : RelayServices.all(context)) {
            if (s.name().equals(service)) {
                traffic = s.backendStats();
            }
        }
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("Backend");
        table.column("State");
        table.column("Cooldown left").alignRight();
        table.column("Failures").alignRight();
        table.column("Resolved");
        table.column("Last check");
        table.column("Active").alignRight();
        table.column("Total").alignRight();
        for (BackendStatus b : pool.backends()) {
            RelayStats t = traffic.getOrDefault(b.backend(), RelayStats.EMPTY);
            table.addRow()
                    .addContent(
                            b.position(),
                            b.backend(),
                            b.state(),
                            b.cooldownRemaining().isZero()
                                    ? ""
                                    : b.cooldownRemaining().toSeconds() + " s",
                            b.failures(),
                            String.join(" ", b.resolvedAddresses()),
                            b.lastCheck().isEmpty()
                                    ? ""
                                    : b.lastCheck() + " ("
                                            + b.lastCheckLatency().toMillis() + " ms)",
                            t.tcpActive() + t.udpSessionsActive(),
                            t.tcpConnections() + t.udpSessions());
        }
        table.print(System.out);
        context.ungetService(refs.iterator().next());
        return null;
    }
}
