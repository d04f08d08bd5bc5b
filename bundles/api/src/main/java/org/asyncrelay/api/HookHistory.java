package org.asyncrelay.api;

import java.util.List;
import java.util.Map;

/** Recent event hook runs, newest first, and what was dropped. Registered by the hooks bundle. */
public interface HookHistory {

    List<HookRun> recentRuns();

    /** Events not run because a service's hook queue was full. */
    long dropped();

    /**
     * Every run since start, by service and then by result: {@code ok} (exit status 0), {@code
     * failed} (another status), {@code timed_out}, {@code not_started}; plus {@code dropped} for
     * the events a full queue refused.
     */
    default Map<String, Map<String, Long>> runsByResult() {
        return Map.of();
    }
}
