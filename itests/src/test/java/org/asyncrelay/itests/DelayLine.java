package org.asyncrelay.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP forwarder that holds every chunk it carries for a fixed time before passing it on, each
 * way, in order: a link with that much one-way latency for the data (not for the handshake). It
 * stands in for {@code tc netem delay}, which this machine's kernel does not have (#20).
 */
final class DelayLine implements AutoCloseable {

    private static final byte[] END = new byte[0];

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final InetSocketAddress target;
    private final long delayNanos;

    DelayLine(InetSocketAddress target, long delayMillis) throws IOException {
        this.target = target;
        this.delayNanos = delayMillis * 1_000_000;
        Thread t = new Thread(this::accept, "delay-line");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket();
                out.connect(target, 10_000);
                pipe(in, out);
                pipe(out, in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private record Chunk(byte[] bytes, long due) {}

    /** One direction: a reader that stamps chunks, a writer that sends each when it is due. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    queue.add(new Chunk(java.util.Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                }
            } catch (IOException ignored) {
                // the other side went away
            }
            queue.add(new Chunk(END, System.nanoTime() + delayNanos));
        });
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk c = queue.take();
                    long wait = c.due() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    if (c.bytes() == END) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(c.bytes());
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
        });
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
