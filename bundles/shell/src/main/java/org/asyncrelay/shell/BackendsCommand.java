package org.asyncrelay.shell;

import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.status.BackendView;
import org.asyncrelay.api.status.RelayStatus;
import org.asyncrelay.api.status.ServiceStatus;
import org.asyncrelay.api.status.StatusDocument;
import org.asyncrelay.api.status.Unknown;

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

    @Option(name = "--json", description = "The service's backend_pool as GET /api/status shows it")
    boolean json;

    @Reference
    List<RelayService> services;

    @Override
    public Object execute() throws CommandException {
        Optional<ServiceStatus> named =
                RelayStatus.of(services).service(service).filter(ServiceStatus::poolRegistered);
        if (named.isEmpty()) {
            throw new CommandException(Unknown.service(services, service));
        }
        if (json) {
            System.out.println(Json.of(StatusDocument.service(named.get()).get("backend_pool")));
            return null;
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
        for (BackendView v : named.get().backends()) {
            BackendStatus b = v.status();
            RelayStats t = v.traffic();
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
