package org.asyncrelay.api;

import java.util.List;

/** Recent event hook runs, newest first, and what was dropped. Registered by the hooks bundle. */
public interface HookHistory {

    List<HookRun> recentRuns();

    /** Events not run because a service's hook queue was full. */
    long dropped();
}
