package org.asyncrelay.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipes that splice() moves a direction's bytes through. #17: the kernel gives a pipe 64 KiB,
 * so each wake-up of a spliced direction moved at most 64 KiB in and out; with pipes of 1 MiB (the
 * most an unprivileged process may ask for, {@code fs.pipe-max-size}) a C splice loop carried one
 * iperf3 stream at 21-22 Gbit/s against 18 on this machine. Java cannot resize a pipe
 * ({@code fcntl(F_SETPIPE_SZ)}), so JNA does. JNA takes some 200 ms to load: it is loaded on a
 * thread of its own when the first direction starts to splice, never on an event loop, and pipes
 * keep 64 KiB until then. Where JNA's native library does not load, or the kernel refuses, a pipe
 * keeps the default and splicing works the same, in smaller steps.
 *
 * <p>An unprivileged user whose pipes add up to more than {@code fs.pipe-user-pages-soft} (16,384
 * pages by default, 64 MiB) gets pipes of two pages from then on, default ones included: the large
 * pipes open at once are kept to half that ({@link #largePipesAllowed}), the others keep 64 KiB.
 */
final class SplicePipes {

    private static final Logger LOG = LoggerFactory.getLogger(SplicePipes.class);
    static final int DEFAULT_BYTES = 64 * 1024;
    private static final int WANTED_BYTES = 1024 * 1024;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;

    private static final AtomicBoolean PREPARING = new AtomicBoolean();
    private static final AtomicInteger LARGE_OPEN = new AtomicInteger();
    private static volatile int bytes = DEFAULT_BYTES;
    private static volatile int largeAllowed;
    private static volatile boolean refusalLogged;

    private SplicePipes() {}

    /** What a pipe of {@link #openLarge} holds: {@link #DEFAULT_BYTES} until JNA is loaded. */
    static int bytes() {
        return bytes;
    }

    /** Loads JNA in the background, once; {@link #bytes} grows when it is there. */
    static void prepare() {
        if (!PREPARING.compareAndSet(false, true)) {
            return;
        }
        Thread loading = new Thread(
                () -> {
                    if (LibC.C != null) {
                        int size =
                                Math.max(DEFAULT_BYTES, Math.min(WANTED_BYTES, procInt("pipe-max-size", WANTED_BYTES)));
                        largeAllowed = largePipesAllowed(procInt("pipe-user-pages-soft", 16_384), size);
                        bytes = size;
                        LOG.debug("relay engine: splice pipes of {} bytes, {} at most at once", size, largeAllowed);
                    }
                },
                "relay-splice-pipes");
        loading.setDaemon(true);
        loading.start();
    }

    /**
     * How many large pipes may be open at once, from the user's soft limit in pages (0: none) and a
     * large pipe's size: half the limit, which leaves the other half to default pipes.
     */
    static int largePipesAllowed(int userPagesSoft, int pipeBytes) {
        if (userPagesSoft <= 0) {
            return Integer.MAX_VALUE;
        }
        return userPagesSoft / 2 / Math.max(1, pipeBytes / 4096);
    }

    /** Sets how many large pipes may be open at once: for tests. */
    static void largeAllowed(int pipes) {
        largeAllowed = pipes;
    }

    /**
     * A new pipe, {@code [read end, write end]}, that holds {@link #bytes}; null when only a
     * default one can be had (JNA not loaded yet, as many large pipes open as allowed, or the kernel
     * refused). Whoever closes a pipe of this method calls {@link #closed}.
     */
    static FileDescriptor[] openLarge() throws IOException {
        int wanted = bytes;
        if (wanted <= DEFAULT_BYTES) {
            return null;
        }
        if (LARGE_OPEN.incrementAndGet() > largeAllowed) {
            LARGE_OPEN.decrementAndGet();
            return null;
        }
        FileDescriptor[] pipe = FileDescriptor.pipe();
        if (LibC.C.fcntl(pipe[1].intValue(), F_SETPIPE_SZ, wanted) < 0) {
            int errno = Native.getLastError();
            pipe[0].close();
            pipe[1].close();
            LARGE_OPEN.decrementAndGet();
            if (!refusalLogged) {
                refusalLogged = true;
                LOG.info(
                        "relay engine: the kernel refused a splice pipe of {} bytes (fcntl F_SETPIPE_SZ: errno {}): such pipes keep 64 KiB",
                        wanted,
                        errno);
            }
            return null;
        }
        return pipe;
    }

    /** A pipe of {@link #openLarge} is closed. */
    static void closed() {
        LARGE_OPEN.decrementAndGet();
    }

    /** Large pipes open now. */
    static int largeOpen() {
        return LARGE_OPEN.get();
    }

    /** What {@code pipe} holds, or -1 before JNA is loaded. */
    static int size(FileDescriptor pipe) {
        return bytes > DEFAULT_BYTES ? LibC.C.fcntl(pipe.intValue(), F_GETPIPE_SZ) : -1;
    }

    /** A number of {@code /proc/sys/fs}, or {@code otherwise}. */
    private static int procInt(String name, int otherwise) {
        try {
            // by lines: Files.readString and readAllBytes return only the first byte of these (JDK 17)
            return Integer.parseInt(
                    Files.readAllLines(Path.of("/proc/sys/fs", name)).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
    }

    /**
     * Loaded by {@link #prepare}'s thread first: JNA unpacks and loads its native library then (200
     * ms, never on an event loop), and where that fails (another architecture, a temporary directory
     * mounted noexec) pipes keep 64 KiB.
     */
    private static final class LibC {

        interface Fcntl extends Library {
            int fcntl(int fd, int cmd, Object... arg);
        }

        static final Fcntl C = load();

        private static Fcntl load() {
            try {
                return Native.load(Platform.C_LIBRARY_NAME, Fcntl.class);
            } catch (LinkageError | RuntimeException e) {
                LOG.info("relay engine: splice pipes keep the kernel's 64 KiB: JNA is not usable ({})", e.toString());
                return null;
            }
        }
    }
}
