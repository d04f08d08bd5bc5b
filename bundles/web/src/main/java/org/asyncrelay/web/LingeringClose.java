package org.asyncrelay.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * #13: nginx's lingering close for a request answered before its body was read. A client that
 * sends its body without waiting for {@code 100 Continue} (Java's HttpClient, Python's
 * http.client) reads the answer only once it has written the body; if the server closes while
 * bytes are still coming, the kernel answers them with a reset and the client sees a broken pipe
 * instead of the 413 and its reason. So the answer goes out with {@code Connection: close}, and
 * what the client still sends is read and thrown away, {@value #TOTAL_SECONDS} s in all and
 * {@value #IDLE_SECONDS} s without data at most, before Jetty closes the connection.
 */
final class LingeringClose {

    static final int TOTAL_SECONDS = 30;
    static final int IDLE_SECONDS = 5;
    /** Set by {@link RequestBodies} once it has asked for the body: Jetty then sent 100 Continue. */
    static final String BODY_REQUESTED = LingeringClose.class.getName() + ".bodyRequested";

    private LingeringClose() {}

    /**
     * Answers with {@code Connection: close} when the request still has a body to come; call before
     * the answer is committed, then {@link #drain} after it is written.
     */
    static boolean prepare(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!bodyStillComing(request)) {
            return false;
        }
        response.setHeader("Connection", "close");
        return request.isAsyncSupported() && !request.isAsyncStarted();
    }

    /** Reads and discards the rest of the body, bounded in time; Jetty closes the connection after. */
    static void drain(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.flushBuffer();
        AsyncContext async = request.startAsync();
        async.setTimeout(TimeUnit.SECONDS.toMillis(TOTAL_SECONDS));
        Discard discard = new Discard(async, request.getInputStream());
        async.addListener(discard);
        discard.input.setReadListener(discard);
        discard.watchIdle(Duration.ofSeconds(IDLE_SECONDS).toNanos());
    }

    private static boolean bodyStillComing(HttpServletRequest request) throws IOException {
        boolean announced = request.getContentLengthLong() > 0
                || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (!announced) {
            return false;
        }
        // a client that waits for 100 Continue sends nothing unless asked; reading would ask it
        boolean waitsForContinue = "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
        if (waitsForContinue && request.getAttribute(BODY_REQUESTED) == null) {
            return false;
        }
        return !request.getInputStream().isFinished();
    }

    private static final class Discard implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final ServletInputStream input;
        private final byte[] buffer = new byte[16 * 1024];
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile long lastData = System.nanoTime();

        Discard(AsyncContext async, ServletInputStream input) {
            this.async = async;
            this.input = input;
        }

        @Override
        public void onDataAvailable() {
            try {
                while (input.isReady() && !input.isFinished()) {
                    if (input.read(buffer) < 0) {
                        return;
                    }
                    lastData = System.nanoTime();
                }
            } catch (IOException clientGone) {
                // the usual end: a client that has read its answer stops sending and closes
                finish();
            }
        }

        @Override
        public void onAllDataRead() {
            finish();
        }

        @Override
        public void onError(Throwable t) {
            finish();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            finish();
        }

        @Override
        public void onError(AsyncEvent event) {
            finish();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            done.set(true);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}

        void watchIdle(long idleNanos) {
            if (done.get()) {
                return;
            }
            long quiet = System.nanoTime() - lastData;
            if (quiet >= idleNanos) {
                finish();
                return;
            }
            CompletableFuture.delayedExecutor(idleNanos - quiet, TimeUnit.NANOSECONDS)
                    .execute(() -> watchIdle(idleNanos));
        }

        private void finish() {
            if (done.compareAndSet(false, true)) {
                try {
                    async.complete();
                } catch (IllegalStateException alreadyCompleted) {
                    // Jetty ended the exchange itself (the client went away)
                }
            }
        }
    }
}
