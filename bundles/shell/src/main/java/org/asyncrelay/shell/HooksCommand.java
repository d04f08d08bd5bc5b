package org.asyncrelay.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.HookRun;
import org.asyncrelay.api.status.StatusDocument;

@Service
@Command(scope = "relay", name = "hooks", description = "Lists recent event hook runs, newest first.")
public class HooksCommand implements Action {

    @Option(name = "--json", description = "The hooks section of GET /api/status")
    boolean json;

    @Reference(optional = true)
    HookHistory history;

    @Override
    public Object execute() throws CommandException {
        if (history == null) {
            throw new CommandException("The hooks bundle is not running");
        }
        if (json) {
            System.out.println(Json.of(StatusDocument.hooks(history)));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Started");
        table.column("Service");
        table.column("Event");
        table.column("Command");
        table.column("Exit").alignRight();
        table.column("ms").alignRight();
        table.column("Outcome");
        for (HookRun r : history.recentRuns()) {
            table.addRow()
                    .addContent(
                            r.startedAt(),
                            r.service(),
                            r.event(),
                            r.command(),
                            r.exitCode(),
                            r.duration().toMillis(),
                            r.outcome());
        }
        table.print(System.out);
        if (history.dropped() > 0) {
            System.out.println(history.dropped() + " event(s) dropped because a hook queue was full");
        }
        return null;
    }
}
