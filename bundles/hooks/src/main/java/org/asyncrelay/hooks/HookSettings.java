package org.asyncrelay.hooks;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A service's event hook: {@code command} empty when it has none. */
record HookSettings(String command, List<String> args, Set<String> events, Duration timeout) {

    static final HookSettings NONE = new HookSettings("", List.of(), Set.of(), Duration.ofSeconds(30));

    boolean runsFor(String event) {
        return !command.isEmpty() && events.contains(event);
    }

    List<String> commandLine() {
        List<String> line = new java.util.ArrayList<>(args.size() + 1);
        line.add(command);
        line.addAll(args);
        return line;
    }
}
