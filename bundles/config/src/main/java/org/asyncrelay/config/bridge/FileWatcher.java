package org.asyncrelay.config.bridge;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back once a file has stopped changing for a while, for each file it was asked to watch.
 * Watches a file's directory, not the file, so that editors which save by writing a new file and
 * renaming it over the old one (vim, sed -i, IDEs) are seen too. #17: one watch service and two
 * threads for every file (the JDK's watch service has a thread of its own), not three per file.
 */
final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final WatchService watcher;
    private final ScheduledExecutorService scheduler;
    private final Thread thread;
    private final Map<WatchKey, List<Watched>> watched = new ConcurrentHashMap<>();

    FileWatcher() throws IOException {
        this.watcher = FileSystems.getDefault().newWatchService();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "relay-config-reload"));
        this.thread = daemon(this::watch, "relay-config-watch");
        thread.start();
    }

    /** Calls {@code onChange} {@code delay} after the last change of {@code file}. */
    void watch(Path file, Duration delay, Runnable onChange) throws IOException {
        Path f = file.toAbsolutePath().normalize();
        // a directory registered again gives the same key
        WatchKey key = f.getParent()
                .register(
                        watcher,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
        watched.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(new Watched(f, delay, onChange));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                List<WatchEvent<?>> events = key.pollEvents();
                key.reset();
                for (Watched w : watched.getOrDefault(key, List.of())) {
                    if (events.stream()
                            .anyMatch(e -> e.kind() == StandardWatchEventKinds.OVERFLOW
                                    || w.file.getFileName().equals(e.context()))) {
                        w.schedule();
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** One watched file and its pending call. */
    private final class Watched {
        private final Path file;
        private final Duration delay;
        private final Runnable onChange;
        private ScheduledFuture<?> pending;

        Watched(Path file, Duration delay, Runnable onChange) {
            this.file = file;
            this.delay = delay;
            this.onChange = onChange;
        }

        synchronized void schedule() {
            if (pending != null) {
                pending.cancel(false);
            }
            pending = scheduler.schedule(
                    () -> {
                        try {
                            onChange.run();
                        } catch (RuntimeException e) {
                            LOG.error("{}: reload failed: {}", file, e.toString());
                        }
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the file watch: {}", e.toString());
        }
        thread.interrupt();
        scheduler.shutdownNow();
    }
}
