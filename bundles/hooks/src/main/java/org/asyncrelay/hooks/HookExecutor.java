package org.asyncrelay.hooks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.HookRun;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hooks' own threads, shared by every service, and the record of recent runs. A service's
 * events run one after the other; different services run side by side, at most {@value #THREADS}
 * commands at once.
 */
@Component(service = {HookExecutor.class, HookHistory.class})
public class HookExecutor implements HookHistory {

    static final int THREADS = 4;
    static final int HISTORY = 100;
    private static final long DROP_WARNING_INTERVAL_NANOS = 60_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(HookExecutor.class);

    private final ExecutorService threads;
    private final Deque<HookRun> history = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private long lastDropWarning = System.nanoTime() - DROP_WARNING_INTERVAL_NANOS;
    private long droppedSinceWarning;
    /** By service, by result: counted since start, unlike the history. */
    private final Map<String, Map<String, Long>> runs = new TreeMap<>();

    @Activate
    public HookExecutor() {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "relay-hook");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.threads = pool;
    }

    void execute(Runnable r) {
        threads.execute(r);
    }

    synchronized void record(HookRun run) {
        count(run.service(), result(run));
        history.addFirst(run);
        while (history.size() > HISTORY) {
            history.removeLast();
        }
    }

    synchronized void droppedOne(String service, int queueLimit) {
        dropped.increment();
        count(service, "dropped");
        droppedSinceWarning++;
        long now = System.nanoTime();
        if (now - lastDropWarning >= DROP_WARNING_INTERVAL_NANOS) {
            LOG.warn(
                    "relay {}: hook queue full ({} waiting), {} event(s) dropped in the last minute",
                    service,
                    queueLimit,
                    droppedSinceWarning);
            lastDropWarning = now;
            droppedSinceWarning = 0;
        }
    }

    @Override
    public synchronized List<HookRun> recentRuns() {
        return new ArrayList<>(history);
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public synchronized Map<String, Map<String, Long>> runsByResult() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        runs.forEach((service, byResult) -> copy.put(service, Map.copyOf(byResult)));
        return copy;
    }

    private void count(String service, String result) {
        runs.computeIfAbsent(service, s -> new TreeMap<>()).merge(result, 1L, Long::sum);
    }

    /** {@link HookHistory#runsByResult}'s word for {@code run}. */
    static String result(HookRun run) {
        if (run.outcome().equals("timed out")) {
            return "timed_out";
        }
        if (run.outcome().startsWith("not started")) {
            return "not_started";
        }
        return run.exitCode() == 0 ? "ok" : "failed";
    }

    @Deactivate
    void deactivate() {
        threads.shutdownNow();
    }
}
