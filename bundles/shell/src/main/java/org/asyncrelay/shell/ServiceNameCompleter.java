package org.asyncrelay.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.asyncrelay.api.RelayService;

/** Completes the names of the relay services running now. */
@Service
public class ServiceNameCompleter implements Completer {

    @Reference
    List<RelayService> services;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        RelayServices.sorted(services).stream().map(RelayService::name).forEach(delegate.getStrings()::add);
        return delegate.complete(session, commandLine, candidates);
    }
}
