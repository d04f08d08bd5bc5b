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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back once a file has stopped changing for a while. Watches the file's directory, not the
 * file, so that editors which save by writing a new file and renaming it over the old one (vim,
 * sed -i, IDEs) are seen too.
 */
final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final Path file;
    private final Duration delay;
    private final Runnable onChange;
    private final WatchService watcher;
    private final ScheduledExecutorService scheduler;
    private final Thread thread;
    private ScheduledFuture<?> pending;

    FileWatcher(Path file, Duration delay, Runnable onChange) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.delay = delay;
        this.onChange = onChange;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.file
                .getParent()
                .register(
                        watcher,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "relay-config-reload"));
        this.thread = daemon(this::watch, "relay-config-watch");
        thread.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void watch() {
        Path name = file.getFileName();
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context())) {
                        ours = true;
                    }
                }
                key.reset();
                if (ours) {
                    schedule();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private synchronized void schedule() {
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

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watch of {}: {}", file, e.toString());
        }
        thread.interrupt();
        scheduler.shutdownNow();
    }
}
