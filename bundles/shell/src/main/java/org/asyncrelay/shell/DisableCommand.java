package org.asyncrelay.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;

@Service
@Command(
        scope = "relay",
        name = "disable",
        description =
                "Takes a backend out entirely, even as a last resort when all others are cooling, and stops probing it.")
public class DisableCommand extends BackendAction {

    @Override
    boolean apply(BackendPool pool, BackendAddress backend) {
        return pool.disable(backend);
    }

    @Override
    String done() {
        return "disabled";
    }
}
