package org.asyncrelay.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.asyncrelay.api.RelayService;

/** Completes the backends of the service named earlier on the command line. */
@Service
public class BackendNameCompleter implements Completer {

    @Reference
    List<RelayService> services;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String[] args = commandLine.getArguments();
        StringsCompleter delegate = new StringsCompleter();
        for (RelayService s : RelayServices.sorted(services)) {
            for (String arg : args) {
                if (arg.equals(s.name())) {
                    s.backends().forEach(b -> delegate.getStrings().add(b.toString()));
                }
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
