package org.asyncrelay.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;

@Service
@Command(
        scope = "relay",
        name = "reset-cooldown",
        description = "Ends a backend's cooldown now and forgets its failures.")
public class ResetCooldownCommand extends BackendAction {

    @Override
    boolean apply(BackendPool pool, BackendAddress backend) {
        return pool.resetCooldown(backend);
    }

    @Override
    String done() {
        return "cooldown reset";
    }
}
