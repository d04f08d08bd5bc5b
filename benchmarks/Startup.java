import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time and memory of bin/relay, run as a single source file by benchmarks/run.sh:
 *
 * <pre>
 *   start RELAY_HOME RUNS WEB_UI(on|off) [CONNECTIONS]
 * </pre>
 *
 * Each run starts {@code RELAY_HOME/bin/relay -c FILE} on a one-service file (its backend is an
 * echo server in this process), measures the time from exec to the first byte relayed back, waits
 * 5 s and reads the resident memory of the relay's JVM from /proc. With CONNECTIONS, the last run
 * then opens that many relayed TCP connections, holds them idle (each checked with one echoed
 * byte) and reads the memory again. Prints one line per run: {@code start_ms idle_rss_mib
 * cpu_ms [rss_with_connections_mib]}, where cpu_ms is the CPU time (user and system, all threads)
 * the relay's JVM had used by its first relayed byte: on a machine whose other work varies, it
 * varies less than the start's wall time, and it says what a start costs. Every run is stopped
 * with SIGTERM, as systemd does.
 */
public final class Startup {

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        boolean webUi = args[3].equals("on");
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        try (ServerSocket echo = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> serve(echo), "echo");
            acceptor.setDaemon(true);
            acceptor.start();
            for (int run = 1; run <= runs; run++) {
                System.out.println(measure(home, echo.getLocalPort(), webUi, run == runs ? connections : 0));
            }
        }
    }

    static String measure(Path home, int backendPort, boolean webUi, int connections) throws Exception {
        int port = freePort();
        Path dir = Files.createTempDirectory("relay-startup");
        Path file = dir.resolve("relay.yaml");
        String yaml = "services:\n"
                + "  - name: echo\n"
                + "    protocol: tcp\n"
                + "    listen: {address: 127.0.0.1, port: " + port + "}\n"
                + "    backends: [\"127.0.0.1:" + backendPort + "\"]\n";
        if (webUi) {
            yaml += "web_ui:\n  enabled: true\n  port: " + freePort() + "\n";
        }
        Files.writeString(file, yaml);
        ProcessBuilder pb = new ProcessBuilder(
                        home.resolve("bin/relay").toString(),
                        "-c",
                        file.toString(),
                        "--state-dir",
                        dir.resolve("state").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("relay.out").toFile());
        long start = System.nanoTime();
        Process relay = pb.start();
        boolean measured = false;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            while (!echoed(address)) {
                if (!relay.isAlive() || System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("the relay did not relay within 60 s: see " + dir);
                }
                Thread.sleep(5);
            }
            long startMillis = (System.nanoTime() - start) / 1_000_000;
            long jvm = jvmOf(relay);
            long cpuMillis = cpuMillis(jvm);
            Thread.sleep(5000);
            String line = startMillis + " " + rssMib(jvm) + " " + cpuMillis;
            if (connections > 0) {
                line += " " + withConnections(address, connections, jvm);
            }
            measured = true;
            return line;
        } finally {
            relay.destroy();
            if (!relay.waitFor(30, TimeUnit.SECONDS)) {
                relay.destroyForcibly();
            }
            if (measured) {
                deleteTree(dir);
            }
        }
    }

    static String withConnections(InetSocketAddress address, int count, long jvm) throws IOException {
        List<Socket> held = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket();
                held.add(s);
                s.connect(address, 10_000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write('x');
                if (s.getInputStream().read() != 'x') {
                    throw new IOException("connection " + i + " was not relayed");
                }
            }
            return String.valueOf(rssMib(jvm));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    static boolean echoed(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 1000);
            s.setSoTimeout(5000);
            s.getOutputStream().write('x');
            return s.getInputStream().read() == 'x';
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * bin/relay is a shell script: the relay is its java child. Found by its executable: the JDK
     * reads a process's command line only up to a page (4 KiB), and the relay's, with every
     * management port set and a long installation path, can be longer (its main class, last, was
     * then cut off: "no Karaf JVM").
     */
    static long jvmOf(Process relay) {
        return relay.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Karaf JVM under " + relay.pid()))
                .pid();
    }

    static long rssMib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** utime + stime of {@code pid}, in clock ticks of 10 ms (USER_HZ is 100 on Linux). */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // the fields after the command's closing parenthesis: state is the 3rd field, utime the 14th
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    static void serve(ServerSocket server) {
        while (true) {
            try {
                Socket s = server.accept();
                // small stacks: the last run holds thousands of connections
                Thread t = new Thread(null, () -> echo(s), "echo", 64 * 1024);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    static void echo(Socket s) {
        try (s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException closed) {
            // the client or the relay closed it
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
