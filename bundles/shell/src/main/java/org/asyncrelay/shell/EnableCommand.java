package org.asyncrelay.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;

@Service
@Command(scope = "relay", name = "enable", description = "Puts a drained or disabled backend back into service.")
public class EnableCommand extends BackendAction {

    @Override
    boolean apply(BackendPool pool, BackendAddress backend) {
        return pool.enable(backend);
    }

    @Override
    String done() {
        return "enabled";
    }
}
