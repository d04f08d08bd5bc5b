package org.asyncrelay.hooks;

import java.util.ArrayDeque;

/**
 * The events of one service waiting for its hook: run in order on the shared executor, at most
 * {@value #LIMIT} waiting; more are dropped and counted.
 */
final class HookQueue {

    static final int LIMIT = 100;

    private final String service;
    private final HookExecutor executor;
    private final ArrayDeque<HookEvent> queue = new ArrayDeque<>();
    private volatile HookSettings settings;
    private boolean draining;

    HookQueue(String service, HookExecutor executor, HookSettings settings) {
        this.service = service;
        this.executor = executor;
        this.settings = settings;
    }

    HookSettings settings() {
        return settings;
    }

    void settings(HookSettings settings) {
        this.settings = settings;
    }

    void offer(HookEvent e) {
        if (!settings.runsFor(e.event())) {
            return;
        }
        synchronized (queue) {
            if (queue.size() >= LIMIT) {
                executor.droppedOne(service, LIMIT);
                return;
            }
            queue.add(e);
            if (!draining) {
                draining = true;
                executor.execute(this::drain);
            }
        }
    }

    void clear() {
        synchronized (queue) {
            queue.clear();
        }
    }

    private void drain() {
        while (true) {
            HookEvent next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            HookSettings hook = settings;
            if (hook.runsFor(next.event())) {
                executor.record(HookProcess.run(hook, next));
            }
        }
    }
}
