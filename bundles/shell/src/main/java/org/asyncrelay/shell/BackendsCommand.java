package org.asyncrelay.shell;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;

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
    List<RelayService> services;

    @Override
    public Object execute() {
        Optional<RelayService> named = RelayServices.named(services, service);
        Optional<BackendPool> maybePool = named.flatMap(RelayService::pool);
        if (maybePool.isEmpty()) {
            System.err.println("No relay service named " + service);
            return null;
        }
        BackendPool pool = maybePool.get();
        Map<BackendAddress, RelayStats> traffic = named.get().backendStats();
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
        return null;
    }
}
