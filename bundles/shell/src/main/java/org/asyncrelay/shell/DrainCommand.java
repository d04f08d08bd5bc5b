package org.asyncrelay.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;

@Service
@Command(scope = "relay", name = "drain", description = "No new connections to a backend; established ones go on.")
public class DrainCommand extends BackendAction {

    @Override
    boolean apply(BackendPool pool, BackendAddress backend) {
        return pool.drain(backend);
    }

    @Override
    String done() {
        return "drained";
    }
}
