package org.asyncrelay.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.asyncrelay.api.BackendEvent;
import org.asyncrelay.api.EventHistory;
import org.asyncrelay.api.status.StatusDocument;

@Service
@Command(
        scope = "relay",
        name = "events",
        description =
                "Lists recent backend events (failed, recovered, all unavailable) of every service, newest first.")
public class EventsCommand implements Action {

    @Option(name = "--tail", description = "Only the newest N events (at most " + EventHistory.KEPT + " are kept)")
    int tail = EventHistory.KEPT;

    @Option(name = "--json", description = "As GET /api/events lists them")
    boolean json;

    @Reference(optional = true)
    EventHistory history;

    @Override
    public Object execute() throws CommandException {
        if (history == null) {
            throw new CommandException("The pool bundle is not running: no events");
        }
        if (tail < 1) {
            throw new CommandException("--tail " + tail + ": expected a number of events from 1");
        }
        List<BackendEvent> events = history.newestFirst();
        events = events.subList(0, Math.min(tail, events.size()));
        if (json) {
            System.out.println(Json.of(StatusDocument.events(events)));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Service");
        table.column("Event");
        table.column("Backend");
        table.column("Failures").alignRight();
        table.column("Available").alignRight();
        for (BackendEvent e : events) {
            table.addRow()
                    .addContent(
                            e.time(),
                            e.service(),
                            e.event(),
                            e.backend() == null ? "" : e.backend(),
                            e.failures(),
                            e.available() + "/" + e.total());
        }
        table.print(System.out);
        return null;
    }
}
