import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UDP request/response load for benchmarks/run.sh, run as a single source file (java UdpLoad.java):
 *
 * <pre>
 *   echo PORT                                  answer every datagram with itself, until killed
 *   load PORT RATE_PER_SECOND SIZE SECONDS     send at a fixed rate to 127.0.0.1:PORT, measure answers
 * </pre>
 *
 * load prints one line: {@code sent received lost_percent answered_per_second mean_ms p99_ms}.
 * It first sends for {@link #WARM_UP_SECONDS} from another socket, unmeasured: its own code is
 * interpreted at first and sends in bursts while the JIT catches up, which put 1-7 ms into the
 * mean of the first second through a relay (0.2-0.4 ms after it). The measured socket is a new
 * client to the relay, so its session is created within the measurement.
 */
public final class UdpLoad {

    static final int WARM_UP_SECONDS = 2;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("echo")) {
            echo(Integer.parseInt(args[1]));
        } else {
            int port = Integer.parseInt(args[1]);
            int rate = Integer.parseInt(args[2]);
            int size = Integer.parseInt(args[3]);
            load(port, rate, size, WARM_UP_SECONDS, false);
            load(port, rate, size, Integer.parseInt(args[4]), true);
        }
    }

    static void echo(int port) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            s.setReceiveBufferSize(4 << 20);
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            while (true) {
                p.setLength(buf.length);
                s.receive(p);
                s.send(p);
            }
        }
    }

    static void load(int port, int rate, int size, int seconds, boolean report) throws Exception {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        long total = (long) rate * seconds;
        long[] latencies = new long[(int) Math.min(total, 50_000_000)];
        AtomicLong received = new AtomicLong();
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setReceiveBufferSize(4 << 20);
            s.setSoTimeout(1000);
            Thread receiver = new Thread(() -> {
                byte[] buf = new byte[65_536];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                while (true) {
                    try {
                        p.setLength(buf.length);
                        s.receive(p);
                        long sentAt = ByteBuffer.wrap(buf, 0, 8).getLong();
                        int i = (int) received.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[i] = System.nanoTime() - sentAt;
                        }
                    } catch (SocketTimeoutException e) {
                        return;
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            receiver.start();
            byte[] payload = new byte[Math.max(8, size)];
            DatagramPacket out = new DatagramPacket(payload, payload.length, to);
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (long n = 0; n < total; n++) {
                // sleep, never spin: a spinning sender would take a core from the proxy under test
                long wait = start + n * interval - System.nanoTime();
                if (wait > 50_000) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                ByteBuffer.wrap(payload).putLong(System.nanoTime());
                s.send(out);
            }
            long elapsed = System.nanoTime() - start;
            receiver.join();
            if (!report) {
                return;
            }
            long got = received.get();
            long[] l = Arrays.copyOf(latencies, (int) Math.min(got, latencies.length));
            Arrays.sort(l);
            double mean = l.length == 0 ? 0 : Arrays.stream(l).average().orElse(0) / 1e6;
            double p99 = l.length == 0 ? 0 : l[(int) Math.min(l.length - 1, Math.floor(l.length * 0.99))] / 1e6;
            System.out.printf(
                    "%d %d %.3f %.0f %.3f %.3f%n",
                    total, got, 100.0 * (total - got) / total, got / (elapsed / 1e9), mean, p99);
        }
    }
}
