package org.asyncrelay.web;

import java.util.Map;
import java.util.function.BiPredicate;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;

/** The operator's actions on one backend, as {@code relay:drain} and its siblings offer them. */
enum BackendActions {
    DRAIN("drain", BackendPool::drain),
    DISABLE("disable", BackendPool::disable),
    ENABLE("enable", BackendPool::enable),
    RESET_COOLDOWN("reset-cooldown", BackendPool::resetCooldown);

    static final Map<String, BackendActions> BY_NAME =
            Map.of(DRAIN.name, DRAIN, DISABLE.name, DISABLE, ENABLE.name, ENABLE, RESET_COOLDOWN.name, RESET_COOLDOWN);

    final String name;
    private final BiPredicate<BackendPool, BackendAddress> action;

    BackendActions(String name, BiPredicate<BackendPool, BackendAddress> action) {
        this.name = name;
        this.action = action;
    }

    /** False when the pool has no such backend. */
    boolean apply(BackendPool pool, BackendAddress backend) {
        return action.test(pool, backend);
    }
}
