package org.asyncrelay.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.asyncrelay.api.ClusterView;
import org.asyncrelay.api.status.StatusDocument;

@Service
@Command(
        scope = "relay",
        name = "cluster",
        description = "Lists the members of this relay's cluster and whether its configuration is the cluster's.")
public class ClusterCommand implements Action {

    @Option(name = "--json", description = "GET /api/cluster's document")
    boolean json;

    @Reference(optional = true)
    ClusterView cluster;

    @Override
    public Object execute() throws CommandException {
        if (cluster == null) {
            throw new CommandException(
                    "This relay is not a member of a cluster: its file has no cluster block (or the member is still starting)");
        }
        if (json) {
            System.out.println(Json.of(StatusDocument.cluster(cluster)));
            return null;
        }
        ClusterView.ConfigVersion c = cluster.configuration();
        System.out.println("Cluster " + cluster.name() + ": configuration "
                + (c.version() == 0
                        ? "not shared yet"
                        : c.sha256().substring(0, 12) + " of " + c.changedAt() + " from " + c.origin())
                + ", " + (cluster.configurationMatches() ? "in force here" : "NOT in force here")
                + (cluster.sharesBackendState() ? "; backend state shared" : "; backend state not shared")
                + (cluster.refusedEntries() > 0 ? "; " + cluster.refusedEntries() + " entries refused (bad MAC)" : ""));
        ShellTable table = new ShellTable();
        table.column("Member");
        table.column("Address");
        table.column("Uptime").alignRight();
        table.column("Config version").alignRight();
        table.column("Healthy");
        for (ClusterView.Member m : cluster.members()) {
            table.addRow()
                    .addContent(
                            m.name() + (m.local() ? " (this relay)" : ""),
                            m.address(),
                            m.uptime().toSeconds() + " s",
                            m.configVersion(),
                            m.healthy() ? "yes" : "no");
        }
        table.print(System.out);
        if (!cluster.localServices().isEmpty()) {
            System.out.println(
                    "Not shared (drop-in configurations of this relay): " + String.join(", ", cluster.localServices()));
        }
        return null;
    }
}
