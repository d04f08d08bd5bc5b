package org.asyncrelay.config.model;

import java.util.List;

/** A command run on backend events; {@code command} empty when the service has no hook. */
public record EventHookSettings(String command, List<String> args, List<String> events, int timeout) {

    public static final List<String> EVENTS =
            List.of("backend_failed", "all_backends_unavailable", "backend_recovered");

    public static final EventHookSettings NONE = new EventHookSettings("", List.of(), EVENTS, 30);

    public EventHookSettings {
        args = List.copyOf(args);
        events = List.copyOf(events);
    }

    public boolean configured() {
        return !command.isEmpty();
    }
}
