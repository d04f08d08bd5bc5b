package org.asyncrelay.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.HookRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one hook command: no shell, the arguments as they are, the seed's variables added to the
 * relay's environment. On timeout the command and every process it started are killed.
 */
final class HookProcess {

    private static final Logger LOG = LoggerFactory.getLogger(HookProcess.class);
    /** How much of stdout and stderr is kept for the log. */
    static final int CAPTURE = 4096;

    private HookProcess() {}

    static HookRun run(HookSettings hook, HookEvent event) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(hook.commandLine());
        pb.environment().putAll(event.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            LOG.error(
                    "relay {}: hook {} for {} could not be started: {}",
                    event.service(),
                    hook.command(),
                    event.event(),
                    e.getMessage());
            return new HookRun(
                    event.service(),
                    event.event(),
                    hook.command(),
                    start,
                    Duration.ZERO,
                    -1,
                    "not started: " + e.getMessage());
        }
        Capture out = Capture.start(p.getInputStream(), "hook-stdout");
        Capture err = Capture.start(p.getErrorStream(), "hook-stderr");
        boolean finished;
        try {
            finished = p.waitFor(hook.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            killTree(p);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        int exit = finished ? p.exitValue() : -1;
        String stdout = out.text();
        String stderr = err.text();
        if (!finished) {
            LOG.warn(
                    "relay {}: hook {} for {} timed out after {} s, killed with its child processes",
                    event.service(),
                    hook.command(),
                    event.event(),
                    hook.timeout().toSeconds());
        } else if (exit != 0) {
            LOG.warn(
                    "relay {}: hook {} for {} exited {} after {} ms; stderr: {}",
                    event.service(),
                    hook.command(),
                    event.event(),
                    exit,
                    took.toMillis(),
                    stderr);
        } else {
            LOG.info(
                    "relay {}: hook {} for {} exited 0 after {} ms",
                    event.service(),
                    hook.command(),
                    event.event(),
                    took.toMillis());
        }
        if (!stdout.isEmpty()) {
            LOG.info("relay {}: hook {} stdout: {}", event.service(), hook.command(), stdout);
        }
        if (exit == 0 && !stderr.isEmpty()) {
            LOG.info("relay {}: hook {} stderr: {}", event.service(), hook.command(), stderr);
        }
        return new HookRun(
                event.service(), event.event(), hook.command(), start, took, exit, finished ? "exited" : "timed out");
    }

    /** Children first: once the parent is gone its children can no longer be found from it. */
    static void killTree(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps the first {@link #CAPTURE} bytes of a stream and drains the rest, so the command never blocks. */
    private static final class Capture {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;

        private Capture(InputStream in, String name) {
            this.thread = new Thread(() -> drain(in), name);
            thread.setDaemon(true);
        }

        static Capture start(InputStream in, String name) {
            Capture c = new Capture(in, name);
            c.thread.start();
            return c;
        }

        private void drain(InputStream in) {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        int room = CAPTURE - kept.size();
                        if (room > 0) {
                            kept.write(buf, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }

        String text() {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8).strip();
            }
        }
    }
}
