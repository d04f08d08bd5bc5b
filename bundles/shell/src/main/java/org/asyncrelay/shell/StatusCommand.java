package org.asyncrelay.shell;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.EventHistory;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.status.RelayStatus;
import org.asyncrelay.api.status.ServiceStatus;
import org.asyncrelay.api.status.StatusDocument;
import org.asyncrelay.api.status.Unknown;

@Service
@Command(
        scope = "relay",
        name = "status",
        description = "Lists relay services: protocol, listen address, backends, state and connections.")
public class StatusCommand implements Action {

    @Argument(index = 0, name = "service", description = "Only this service", required = false)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Option(name = "--json", description = "What GET /api/status returns (recent events and hooks included)")
    boolean json;

    @Reference
    List<RelayService> all;

    @Reference(optional = true)
    EventHistory events;

    @Reference(optional = true)
    HookHistory hooks;

    @Override
    public Object execute() throws CommandException {
        RelayStatus status = RelayStatus.of(all);
        List<ServiceStatus> services = status.services();
        if (service != null) {
            services = services.stream().filter(s -> s.name().equals(service)).toList();
            if (services.isEmpty()) {
                throw new CommandException(Unknown.service(all, service));
            }
        }
        if (json) {
            Object doc = service != null
                    ? StatusDocument.service(services.get(0))
                    : StatusDocument.of(status, events == null ? List.of() : events.newestFirst(), hooks);
            System.out.println(Json.of(doc));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Protocol");
        table.column("Listen");
        table.column("State");
        table.column("Backends");
        table.column("Active").alignRight();
        table.column("Total").alignRight();
        for (ServiceStatus s : services) {
            RelayStats stats = s.stats();
            table.addRow()
                    .addContent(
                            s.name(),
                            s.protocol().configValue(),
                            s.listen(),
                            s.stateText(),
                            backends(s),
                            stats.tcpActive(),
                            stats.tcpConnections());
        }
        table.print(System.out);
        for (ServiceStatus s : services) {
            String refused = s.refusedText();
            if (!s.trafficControl().isEmpty() || !refused.isEmpty()) {
                System.out.println(s.name() + ": " + String.join(", ", s.trafficControl())
                        + (refused.isEmpty()
                                ? ""
                                : (s.trafficControl().isEmpty() ? "" : "; ") + "refused: " + refused));
            }
        }
        return null;
    }

    /** The backends in queue order with their state when it is not AVAILABLE, from the service's pool. */
    static String backends(ServiceStatus s) {
        if (!s.poolRegistered()) {
            return s.configured().stream().map(BackendAddress::toString).collect(Collectors.joining(", "));
        }
        return s.backends().stream().map(b -> describe(b.status())).collect(Collectors.joining(", "));
    }

    private static String describe(BackendStatus b) {
        return switch (b.state()) {
            case AVAILABLE ->
                b.slowStartShare() < 1
                        ? b.backend() + " (slow start " + (int) (b.slowStartShare() * 100) + " %)"
                        : b.backend().toString();
            case COOLING -> b.backend() + " (COOLING " + b.cooldownRemaining().toSeconds() + " s)";
            default -> b.backend() + " (" + b.state() + ")";
        };
    }
}
