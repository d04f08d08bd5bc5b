package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * #20, faults: backends that die, reset or never answer a SYN, packet loss on the backend's link
 * (in a network namespace of the test's own), a configuration file destroyed while running, hooks
 * that hang or fork, and SIGTERM with a thousand connections open. Every byte stream is checked by
 * its SHA-256.
 */
class ReliabilityFaultsIT {

    static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    @TempDir
    Path work;

    final List<Process> started = new ArrayList<>();
    final List<AutoCloseable> cleanup = new ArrayList<>();
    final ExecutorService pool = Executors.newCachedThreadPool();

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> started);

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        started.forEach(RelayProcess::kill);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Sends {@code payload} through {@code port} and returns what came back until the end (or a reset). */
    Future<byte[]> transfer(int port, byte[] payload) {
        return pool.submit(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOCAL, port), 10_000);
                s.setSoTimeout(60_000);
                Future<?> writing = pool.submit(() -> {
                    OutputStream out = s.getOutputStream();
                    for (int at = 0; at < payload.length; at += 64 * 1024) {
                        out.write(payload, at, Math.min(64 * 1024, payload.length - at));
                    }
                    s.shutdownOutput();
                    return null;
                });
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                try {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        got.write(buf, 0, n);
                    }
                } catch (IOException reset) {
                    // what arrived before it counts
                }
                writing.cancel(true);
                return got.toByteArray();
            }
        });
    }

    static String service(String name, int port, String backends, String extra) {
        return "  - name: " + name + "\n"
                + "    protocol: tcp\n"
                + "    listen: {address: 127.0.0.1, port: " + port + "}\n"
                + "    backends: [" + backends + "]\n"
                + extra;
    }

    static String quoted(String... backends) {
        return String.join(
                ", ",
                java.util.Arrays.stream(backends).map(b -> "\"" + b + "\"").toList());
    }

    @Test
    void aBackendKilledMidTransferEndsItsConnectionAndTheNextOnesFailOverIntact() throws Exception {
        EchoProcess first = EchoProcess.start(work.resolve("echo-1.txt"));
        cleanup.add(first);
        try (EchoProcess second = EchoProcess.start(work.resolve("echo-2.txt"))) {
            int port = Loopback.freePort();
            RelayRun relay =
                    RelayRun.start(work, service("kill", port, quoted(first.backend(), second.backend()), ""), started);
            byte[] big = random(64 << 20, 1);
            Future<byte[]> cut = transfer(port, big);
            // the first backend echoes; SIGKILL it once a few megabytes have gone through
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.stat("tcp_bytes_received") > (4 << 20));
            first.process.destroyForcibly();
            first.process.waitFor(30, TimeUnit.SECONDS);
            byte[] got = cut.get(120, TimeUnit.SECONDS);
            assertThat(got.length).isLessThan(big.length);
            assertThat(got)
                    .as("what came back is a prefix of what was sent")
                    .isEqualTo(java.util.Arrays.copyOf(big, got.length));
            int intact = 0;
            List<String> broken = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] payload = random(4 << 20, 10 + i);
                byte[] back = transfer(port, payload).get(120, TimeUnit.SECONDS);
                if (sha256(back).equals(sha256(payload))) {
                    intact++;
                } else {
                    int same = 0;
                    while (same < Math.min(back.length, payload.length) && back[same] == payload[same]) {
                        same++;
                    }
                    broken.add("transfer " + i + ": " + back.length + " of " + payload.length
                            + " bytes back, the first " + same + " equal");
                }
            }
            assertThat(intact).as("intact transfers; %s", broken).isEqualTo(5);
            ReliabilityResults.record(
                    "faults",
                    "backend killed (SIGKILL) during a 64 MB echo transfer",
                    String.format(
                            Locale.ROOT,
                            "the client's connection ended after %.1f MB, every byte a prefix of what it sent; the next 5 transfers"
                                    + " of 4 MB went to the second backend, 5 of 5 SHA-256 equal",
                            got.length / 1048576.0));
        }
    }

    /**
     * #21's CI: a 4 MB echo came back cut short after its client's FIN (2-3 % of such transfers
     * with splice on, the default): the backend socket was set to close on the echo's FIN by a
     * decision taken before the other direction began to splice, and Netty's splice then closed it
     * with the echo's last bytes unread. 200 transfers found it every time before the fix.
     */
    @Test
    void halfClosedEchoesAreNeverCutShort() throws Exception {
        try (EchoProcess echo = EchoProcess.start(work.resolve("echo.txt"))) {
            int port = Loopback.freePort();
            RelayRun.start(work, service("halfclose", port, quoted(echo.backend()), ""), started);
            List<String> cut = new ArrayList<>();
            int transfers = 200;
            for (int i = 0; i < transfers; i++) {
                byte[] payload = random(4 << 20, 100 + i);
                byte[] back = transfer(port, payload).get(120, TimeUnit.SECONDS);
                if (!java.util.Arrays.equals(back, payload)) {
                    cut.add("transfer " + i + ": " + back.length + " bytes back");
                }
            }
            assertThat(cut).as("4 MB echoes cut short").isEmpty();
            ReliabilityResults.record(
                    "faults",
                    "4 MB echo transfers, each ended by its client's FIN (half-close), spliced",
                    transfers + " of " + transfers + " intact");
        }
    }

    @Test
    void aBackendThatAcceptsThenResetsClosesItsClientsAtOnce() throws Exception {
        try (ServerSocket resetting = new ServerSocket(0, 50, LOCAL)) {
            pool.submit(() -> {
                while (!resetting.isClosed()) {
                    Socket s = resetting.accept();
                    s.setSoLinger(true, 0);
                    s.close();
                }
                return null;
            });
            int port = Loopback.freePort();
            RelayRun relay = RelayRun.start(
                    work, service("reset", port, quoted("127.0.0.1:" + resetting.getLocalPort()), ""), started);
            long t0 = System.nanoTime();
            int resetBeforeConnected = 0;
            for (int i = 0; i < 20; i++) {
                byte[] got;
                try {
                    got = transfer(port, random(1024, i)).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // the backend's reset is relayed as a reset, which can reach a client whose
                    // thread has not yet seen its connect() complete (a long run, once)
                    assertThat(e.getCause())
                            .isInstanceOf(java.net.SocketException.class)
                            .hasMessageContaining("reset");
                    resetBeforeConnected++;
                    continue;
                }
                assertThat(got).isEmpty();
            }
            double ms = (System.nanoTime() - t0) / 1e6 / 20;
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.stat("tcp_active") == 0);
            ReliabilityResults.record(
                    "faults",
                    "backend that accepts and resets at once, 20 clients",
                    String.format(
                            Locale.ROOT,
                            "each client closed without data after %.1f ms on average (%d reset before its"
                                    + " connect() returned); none left open",
                            ms,
                            resetBeforeConnected));
        }
    }

    /** A network namespace with one veth link to this one; removed by {@link #close()}. */
    static final class Netns implements AutoCloseable {
        final String name;
        final String hostSide;
        final String hostAddress;
        final String nsAddress;

        Netns(String name, int subnet) throws Exception {
            this.name = name;
            this.hostSide = "rv" + name.hashCode() % 10000;
            String base = "198.18." + subnet + ".";
            this.hostAddress = base + "1";
            this.nsAddress = base + "2";
            run("ip", "netns", "add", name);
            run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth-" + subnet, "netns", name);
            run("ip", "addr", "add", hostAddress + "/29", "dev", hostSide);
            run("ip", "link", "set", hostSide, "up");
            in("ip", "link", "set", "lo", "up");
            in("ip", "addr", "add", nsAddress + "/29", "dev", "eth-" + subnet);
            in("ip", "link", "set", "eth-" + subnet, "up");
        }

        String mac() throws Exception {
            String out = output("ip", "netns", "exec", name, "cat", "/sys/class/net/" + device() + "/address");
            return out.trim();
        }

        String device() throws Exception {
            return output("ip", "netns", "exec", name, "ls", "/sys/class/net")
                    .lines()
                    .filter(l -> l.startsWith("eth-"))
                    .findFirst()
                    .orElseThrow();
        }

        void in(String... command) throws Exception {
            List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
            c.addAll(List.of(command));
            run(c.toArray(String[]::new));
        }

        static void run(String... command) throws Exception {
            String out = output(command);
            assertThat(out).as(String.join(" ", command)).doesNotContain("rror");
        }

        static String output(String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("ip", "link", "del", hostSide).start().waitFor(30, TimeUnit.SECONDS);
            new ProcessBuilder("ip", "netns", "del", name).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void synsIntoABlackholeTimeOutAndTheClientFailsOver() throws Exception {
        Netns ns = new Netns("relay-bh-" + ProcessHandle.current().pid(), 41);
        cleanup.add(ns);
        // 198.18.41.3 is on the link but nobody's: frames go to the namespace, which drops them
        Netns.run("ip", "neigh", "replace", "198.18.41.3", "lladdr", ns.mac(), "dev", ns.hostSide, "nud", "permanent");
        try (EchoProcess echo = EchoProcess.start(work.resolve("echo.txt"))) {
            int port = Loopback.freePort();
            RelayRun relay = RelayRun.start(
                    work,
                    service("blackhole", port, quoted("198.18.41.3:80", echo.backend()), "    connect_timeout: 1\n"),
                    started);
            byte[] payload = random(1 << 20, 3);
            long t0 = System.nanoTime();
            assertThat(sha256(transfer(port, payload).get(60, TimeUnit.SECONDS)))
                    .isEqualTo(sha256(payload));
            double firstSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            assertThat(sha256(transfer(port, payload).get(60, TimeUnit.SECONDS)))
                    .isEqualTo(sha256(payload));
            double nextMs = (System.nanoTime() - t0) / 1e6;
            JsonNode backends = relay.web
                    .get("/api/status")
                    .json()
                    .get("services")
                    .get(0)
                    .get("backend_pool")
                    .get("backends");
            JsonNode blackholed = backends.get(backends.size() - 1);
            assertThat(blackholed.get("address").asText()).isEqualTo("198.18.41.3:80");
            assertThat(blackholed.get("state").asText()).isEqualTo("COOLING");
            assertThat(firstSeconds)
                    .as("two connect timeouts of 1 s, then the second backend")
                    .isGreaterThan(1.9);
            ReliabilityResults.record(
                    "faults",
                    "backend whose SYNs vanish (a neighbour that drops them, network namespace), connect_timeout 1 s",
                    String.format(
                            Locale.ROOT,
                            "first client served intact by the second backend after %.1f s (two timeouts), the next in %.0f ms;"
                                    + " the blackholed backend COOLING",
                            firstSeconds,
                            nextMs));
        }
    }

    @Test
    void packetLossAndDelayOnTheBackendsLinkLoseNoByte() throws Exception {
        Netns ns = new Netns("relay-loss-" + ProcessHandle.current().pid(), 42);
        cleanup.add(ns);
        for (String chain : List.of("INPUT", "OUTPUT")) {
            ns.in(
                    "iptables-legacy",
                    "-A",
                    chain,
                    "-m",
                    "statistic",
                    "--mode",
                    "random",
                    "--probability",
                    "0.05",
                    "-j",
                    "DROP");
        }
        EchoProcess echo = EchoProcess.start(ns.name, ns.nsAddress, 7000, work.resolve("echo.txt"));
        cleanup.add(0, echo);
        // and 200 ms each way before it: a forwarder that holds the data (the kernel has no netem)
        DelayLine delay = new DelayLine(new InetSocketAddress(ns.nsAddress, 7000), 200);
        cleanup.add(delay);
        int lossyPort = Loopback.freePort();
        int slowPort = Loopback.freePort();
        RelayRun.start(
                work,
                service("lossy", lossyPort, quoted(echo.backend()), "")
                        + service("lossy-and-slow", slowPort, quoted("127.0.0.1:" + delay.port()), ""),
                started);
        int size = 2 << 20;
        List<String> figures = new ArrayList<>();
        for (int port : new int[] {lossyPort, slowPort}) {
            int intact = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                byte[] payload = random(size, 20 + i);
                if (sha256(transfer(port, payload).get(180, TimeUnit.SECONDS)).equals(sha256(payload))) {
                    intact++;
                }
            }
            assertThat(intact).isEqualTo(3);
            figures.add(String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9));
        }
        // the delay is there: a small echo takes its two 200 ms legs at least
        long t0 = System.nanoTime();
        byte[] small = random(1024, 30);
        assertThat(transfer(slowPort, small).get(30, TimeUnit.SECONDS)).isEqualTo(small);
        long roundTripMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(roundTripMs).as("the injected delay").isGreaterThanOrEqualTo(400);
        String dropped = Netns.output("ip", "netns", "exec", ns.name, "iptables-legacy", "-L", "-v", "-n", "-x");
        ReliabilityResults.record(
                "faults",
                "5 % of packets dropped each way on the backend's link (iptables statistic in a network namespace),"
                        + " then that and 200 ms each way (a delaying forwarder: no netem in this kernel)",
                String.format(
                        Locale.ROOT,
                        "3 of 3 echo transfers of 2 MB intact (SHA-256) each way: %s with the loss, %s with loss and delay"
                                + " (a 1 KB echo: %d ms); packets dropped: %s",
                        figures.get(0),
                        figures.get(1),
                        roundTripMs,
                        droppedPackets(dropped)));
    }

    /**
     * Reordering without netem: on each end of the backend's link an HTB qdisc whose second class
     * is slow (2 Mbit/s), and iptables CLASSIFY sending a random 10 % of the packets into it; those
     * arrive after packets sent later, which the receiving TCP has to put back in order.
     */
    @Test
    void packetsReorderedOnTheBackendsLinkLoseNoByte() throws Exception {
        Netns ns = new Netns("relay-reorder-" + ProcessHandle.current().pid(), 44);
        cleanup.add(ns);
        String nsDevice = ns.device();
        List<String> host = List.of();
        List<String> inNamespace = List.of("ip", "netns", "exec", ns.name);
        holdBackTenPercent(host, ns.hostSide);
        // this side's rule is in the host's own table: taken out again by the cleanup
        cleanup.add(0, () -> Netns.run(classify(host, "-D", ns.hostSide)));
        holdBackTenPercent(inNamespace, nsDevice);
        EchoProcess echo = EchoProcess.start(ns.name, ns.nsAddress, 7000, work.resolve("echo.txt"));
        cleanup.add(0, echo);
        int port = Loopback.freePort();
        RelayRun.start(work, service("reordered", port, quoted(echo.backend()), ""), started);
        long outOfOrderBefore = outOfOrderSegments(ns.name);
        int intact = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            byte[] payload = random(2 << 20, 40 + i);
            if (sha256(transfer(port, payload).get(180, TimeUnit.SECONDS)).equals(sha256(payload))) {
                intact++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(intact).isEqualTo(3);
        long outOfOrder = outOfOrderSegments(ns.name) - outOfOrderBefore;
        assertThat(outOfOrder)
                .as("segments the backend's TCP received out of order")
                .isPositive();
        long slowPackets = slowClassPackets(host, ns.hostSide) + slowClassPackets(inNamespace, nsDevice);
        ReliabilityResults.record(
                "faults",
                "10 % of packets each way on the backend's link held back behind later ones (an HTB class of 2 Mbit/s"
                        + " chosen by iptables statistic: no netem in this kernel)",
                String.format(
                        Locale.ROOT,
                        "3 of 3 echo transfers of 2 MB intact (SHA-256) in %.1f s; %d packets held back, the backend's"
                                + " TCP queued %d segments out of order",
                        seconds,
                        slowPackets,
                        outOfOrder));
    }

    /**
     * On {@code device}, an HTB qdisc with class 1:1 unlimited (the default) and class 1:2 at 2
     * Mbit/s, and a random 10 % of the packets sent out of it classified 1:2.
     */
    static void holdBackTenPercent(List<String> prefix, String device) throws Exception {
        for (String tc : List.of(
                "tc qdisc add dev %s root handle 1: htb default 1",
                "tc class add dev %s parent 1: classid 1:1 htb rate 10gbit",
                "tc class add dev %s parent 1: classid 1:2 htb rate 2mbit")) {
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(String.format(tc, device).split(" ")));
            Netns.run(command.toArray(String[]::new));
        }
        Netns.run(classify(prefix, "-A", device));
    }

    /** The iptables command that adds ({@code -A}) or deletes ({@code -D}) the 10 % rule. */
    static String[] classify(List<String> prefix, String action, String device) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                "iptables-legacy -t mangle %s POSTROUTING -o %s -m statistic --mode random --probability 0.1 -j CLASSIFY --set-class 1:2"
                        .formatted(action, device)
                        .split(" ")));
        return command.toArray(String[]::new);
    }

    static long slowClassPackets(List<String> prefix, String device) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("tc", "-s", "class", "show", "dev", device, "classid", "1:2"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Sent \\d+ bytes (\\d+) pkt")
                .matcher(Netns.output(command.toArray(String[]::new)));
        assertThat(m.find()).as("tc -s class of " + device).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** TcpExtTCPOFOQueue of the namespace: segments its TCP received out of order and queued. */
    static long outOfOrderSegments(String namespace) throws Exception {
        String out = Netns.output("ip", "netns", "exec", namespace, "nstat", "-asz", "TcpExtTCPOFOQueue");
        return out.lines()
                .filter(l -> l.startsWith("TcpExtTCPOFOQueue"))
                .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[1]))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no TcpExtTCPOFOQueue in: " + out));
    }

    static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    static String droppedPackets(String listing) {
        return listing.lines()
                .filter(l -> l.contains("DROP") && l.contains("statistic"))
                .map(l -> l.trim().split("\\s+")[0])
                .reduce((a, b) -> a + " in, " + b + " out")
                .orElse("?");
    }

    /**
     * A name server for one name, {@code backend.test}: A 127.0.0.1 with a TTL of 1 s, no AAAA;
     * it can fall silent or answer late.
     */
    final class NameServer implements AutoCloseable {
        final java.net.DatagramSocket socket = new java.net.DatagramSocket(0, LOCAL);
        volatile boolean silent;
        volatile long delayMillis;
        final java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();

        NameServer() throws IOException {
            pool.submit(() -> {
                byte[] buf = new byte[512];
                while (!socket.isClosed()) {
                    java.net.DatagramPacket in = new java.net.DatagramPacket(buf, buf.length);
                    socket.receive(in);
                    queries.incrementAndGet();
                    if (silent) {
                        continue;
                    }
                    byte[] answer = answer(java.util.Arrays.copyOf(in.getData(), in.getLength()));
                    java.net.SocketAddress to = in.getSocketAddress();
                    long delay = delayMillis;
                    pool.submit(() -> {
                        Thread.sleep(delay);
                        socket.send(new java.net.DatagramPacket(answer, answer.length, to));
                        return null;
                    });
                }
                return null;
            });
        }

        /** The query's header and question, then one A record for an A query, nothing for any other. */
        byte[] answer(byte[] query) {
            int end = 12;
            while (query[end] != 0) {
                end += (query[end] & 0xff) + 1;
            }
            end += 5; // the root label, type, class
            int type = ((query[end - 4] & 0xff) << 8) | (query[end - 3] & 0xff);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(end + 16);
            b.put(query, 0, 2).putShort((short) 0x8180).putShort((short) 1).putShort((short) (type == 1 ? 1 : 0));
            b.putShort((short) 0).putShort((short) 0).put(query, 12, end - 12);
            if (type == 1) {
                b.putShort((short) 0xc00c)
                        .putShort((short) 1)
                        .putShort((short) 1)
                        .putInt(1)
                        .putShort((short) 4);
                b.put(new byte[] {127, 0, 0, 1});
            }
            return java.util.Arrays.copyOf(b.array(), b.position());
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void aNameServerDownOrSlowLeavesTheLastAnswerInUse() throws Exception {
        try (NameServer dns = new NameServer();
                EchoProcess echo = EchoProcess.start(work.resolve("echo.txt"))) {
            // a copy of the installation, with name servers of the test's own
            Path home = work.resolve("home");
            copy(RelayProcess.HOME, home);
            Files.writeString(
                    home.resolve("etc/org.asyncrelay.dns.cfg"),
                    "nameservers = 127.0.0.1:" + dns.socket.getLocalPort() + "\nquery.timeout = 1\n");
            int port = Loopback.freePort();
            RelayRun relay = RelayRun.start(
                    home,
                    work,
                    service("named", port, quoted("backend.test:" + echo.port), ""),
                    started,
                    java.util.Map.of());
            byte[] payload = random(256 * 1024, 9);
            String expected = sha256(payload);
            assertThat(sha256(transfer(port, payload).get(30, TimeUnit.SECONDS)))
                    .isEqualTo(expected);
            List<String> phases = new ArrayList<>();
            for (String phase : List.of("down", "slow")) {
                dns.silent = phase.equals("down");
                dns.delayMillis = phase.equals("slow") ? 3000 : 0;
                Thread.sleep(2000); // the 1 s TTL runs out
                int queriesBefore = dns.queries.get();
                long worst = 0;
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    assertThat(sha256(transfer(port, payload).get(30, TimeUnit.SECONDS)))
                            .as(phase)
                            .isEqualTo(expected);
                    worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
                }
                assertThat(dns.queries.get())
                        .as("the relay asked while " + phase)
                        .isGreaterThan(queriesBefore);
                phases.add(String.format(Locale.ROOT, "%s: 5 of 5 intact, the slowest in %d ms", phase, worst));
            }
            dns.silent = false;
            dns.delayMillis = 0;
            assertThat(relay.log()).contains("cannot be resolved").contains("using its last answer");
            ReliabilityResults.record(
                    "faults",
                    "the name server of a backend's name down, then answering 3 s late (TTL 1 s, query timeout 1 s)",
                    "the last answer served: " + String.join("; ", phases)
                            + " (a lookup past the TTL waits out the query timeout first)");
        }
    }

    @Test
    void aBackendThatFlapsUnderHealthChecksLosesNoTransfer() throws Exception {
        // the backend in a network namespace refuses new connections (a reset to each SYN) for 1.5 s
        // in every 3 s; what it has accepted lives on. (Closing its listening socket instead would
        // also reset the connections in its accept queue: the backend's doing, not the relay's.)
        Netns ns = new Netns("relay-flap-" + ProcessHandle.current().pid(), 43);
        cleanup.add(ns);
        EchoProcess flappingEcho = EchoProcess.start(ns.name, ns.nsAddress, 7000, work.resolve("echo-flap.txt"));
        cleanup.add(0, flappingEcho);
        String[] refuse = {
            "iptables-legacy",
            "INPUT",
            "-p",
            "tcp",
            "--dport",
            "7000",
            "--syn",
            "-j",
            "REJECT",
            "--reject-with",
            "tcp-reset"
        };
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger flaps = new java.util.concurrent.atomic.AtomicInteger();
        Future<?> flapper = pool.submit(() -> {
            while (running.get()) {
                Thread.sleep(1500);
                ns.in(rule(refuse, "-I"));
                Thread.sleep(1500);
                ns.in(rule(refuse, "-D"));
                flaps.incrementAndGet();
            }
            return null;
        });
        String flapping = flappingEcho.backend();
        try (EchoProcess stable = EchoProcess.start(work.resolve("echo.txt"))) {
            int port = Loopback.freePort();
            RelayRun relay = RelayRun.start(
                    work,
                    service(
                            "flapping",
                            port,
                            quoted(flapping, stable.backend()),
                            "    backend_cooldown: 2\n    failback: true\n"
                                    + "    health_check: {enabled: true, interval: 1, timeout: 1}\n"),
                    started);
            java.util.concurrent.atomic.AtomicLong intact = new java.util.concurrent.atomic.AtomicLong();
            List<String> broken = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> clients = new ArrayList<>();
            long end = System.currentTimeMillis() + ReliabilityResults.scaled(20, 120) * 1000L;
            for (int c = 0; c < 2; c++) {
                int id = c;
                clients.add(pool.submit(() -> {
                    Random random = new Random(id);
                    while (System.currentTimeMillis() < end) {
                        byte[] payload = new byte[1 + random.nextInt(32 * 1024)];
                        random.nextBytes(payload);
                        byte[] got = transfer(port, payload).get(30, TimeUnit.SECONDS);
                        if (java.util.Arrays.equals(got, payload)) {
                            intact.incrementAndGet();
                        } else {
                            broken.add(got.length + " of " + payload.length + " bytes");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(10, TimeUnit.MINUTES);
            }
            running.set(false);
            flapper.get(30, TimeUnit.SECONDS);
            JsonNode events = relay.web.get("/api/events").json().get("events");
            long failed = 0;
            long recovered = 0;
            for (JsonNode e : events) {
                failed += e.get("event").asText().equals("backend_failed") ? 1 : 0;
                recovered += e.get("event").asText().equals("backend_recovered") ? 1 : 0;
            }
            assertThat(broken).isEmpty();
            assertThat(failed).isPositive();
            assertThat(recovered).isPositive();
            assertThat(relay.log()).doesNotContain("Exception");
            ReliabilityResults.record(
                    "faults",
                    "a backend flapping: new connections refused for 1.5 s in every 3 s (iptables in a network namespace),"
                            + " health checks every 1 s, 2 clients relaying",
                    String.format(
                            Locale.ROOT,
                            "%,d transfers intact, 0 broken over %d flaps; %d backend_failed and %d backend_recovered events",
                            intact.get(),
                            flaps.get(),
                            failed,
                            recovered));
        }
    }

    /** {@code iptables-legacy -I|-D INPUT ...}: the rule inserted or deleted. */
    static String[] rule(String[] words, String action) {
        List<String> r = new ArrayList<>(List.of(words[0], action));
        r.addAll(List.of(words).subList(1, words.length));
        return r.toArray(String[]::new);
    }

    static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void aConfigurationFileDestroyedWhileRunningLeavesTheRunningConfiguration() throws Exception {
        try (EchoProcess echo = EchoProcess.start(work.resolve("echo.txt"))) {
            int port = Loopback.freePort();
            RelayRun relay = RelayRun.start(
                    work, service("kept", port, quoted(echo.backend()), ""), started, "--reload-delay", "0.2");
            String good = Files.readString(relay.file);
            byte[] payload = random(64 * 1024, 5);
            List<String> survived = new ArrayList<>();
            String[][] damages = {
                {"garbage", "\u0000\u00ff{[: not yaml at all ]]]\n\t- - -\n"},
                {"truncated", good.substring(0, good.length() / 2)},
                {"emptied", ""},
                {"deleted", null}
            };
            for (String[] damage : damages) {
                int refusedBefore = count(relay.log(), "the running configuration stays in force");
                if (damage[1] == null) {
                    Files.delete(relay.file);
                } else {
                    Files.writeString(relay.file, damage[1]);
                }
                // the reload was tried and refused
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> count(relay.log(), "the running configuration stays in force") > refusedBefore);
                assertThat(sha256(transfer(port, payload).get(30, TimeUnit.SECONDS)))
                        .as(damage[0])
                        .isEqualTo(sha256(payload));
                assertThat(relay.web
                                .get("/api/status")
                                .json()
                                .get("services")
                                .get(0)
                                .get("name")
                                .asText())
                        .isEqualTo("kept");
                survived.add(damage[0]);
            }
            // a good file again is applied
            int port2 = Loopback.freePort();
            relay.servicesRunning(service("kept", port, quoted(echo.backend()), "")
                    + service("added", port2, quoted(echo.backend()), ""));
            assertThat(sha256(transfer(port2, payload).get(30, TimeUnit.SECONDS)))
                    .isEqualTo(sha256(payload));
            assertThat(relay.log())
                    .contains("the running configuration stays in force")
                    .doesNotContain("Exception");
            ReliabilityResults.record(
                    "faults",
                    "configuration file replaced by garbage, truncated, emptied, deleted while running",
                    "the running configuration served on after each (" + String.join(", ", survived)
                            + "); the next good file was applied");
        }
    }

    @Test
    void hooksThatHangOrForkDoNotHoldTheRelay() throws Exception {
        // each records the pid of its sleep, for the test to see what became of it
        Path hang = work.resolve("hang.sh");
        Files.writeString(hang, "#!/bin/sh\nsleep 600 & echo $! > " + work.resolve("hang.pid") + "\nwait\n");
        Path fork = work.resolve("fork.sh");
        Files.writeString(
                fork, "#!/bin/sh\nsleep 600 >/dev/null 2>&1 & echo $! > " + work.resolve("fork.pid") + "\nexit 0\n");
        for (Path p : List.of(hang, fork)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
        try (EchoProcess echo = EchoProcess.start(work.resolve("echo.txt"))) {
            int hangPort = Loopback.freePort();
            int forkPort = Loopback.freePort();
            int closed = Loopback.freePort();
            String hook = "    event_hook: {command: \"%s\", events: [backend_failed], timeout: 1}\n";
            RelayRun relay = RelayRun.start(
                    work,
                    service("hang", hangPort, quoted("127.0.0.1:" + closed, echo.backend()), String.format(hook, hang))
                            + service(
                                    "fork",
                                    forkPort,
                                    quoted("127.0.0.1:" + closed, echo.backend()),
                                    String.format(hook, fork)),
                    started);
            byte[] payload = random(4096, 7);
            // the closed backend fails twice for the first client: backend_failed, and the hook runs
            for (int port : new int[] {hangPort, forkPort}) {
                assertThat(sha256(transfer(port, payload).get(30, TimeUnit.SECONDS)))
                        .isEqualTo(sha256(payload));
            }
            JsonNode runs = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> relay.web
                                    .get("/api/status")
                                    .json()
                                    .get("hooks")
                                    .get("recent_runs"),
                            r -> r.size() == 2);
            List<String> outcomes = new ArrayList<>();
            runs.forEach(r -> outcomes.add(
                    r.get("service").asText() + ": " + r.get("outcome").asText()));
            assertThat(outcomes).containsExactlyInAnyOrder("hang: timed out", "fork: exited");
            long hangChild =
                    Long.parseLong(Files.readString(work.resolve("hang.pid")).trim());
            long forkChild =
                    Long.parseLong(Files.readString(work.resolve("fork.pid")).trim());
            cleanup.add(() -> ProcessHandle.of(forkChild).ifPresent(ProcessHandle::destroyForcibly));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(hangChild).isEmpty()
                            || !ProcessHandle.of(hangChild).get().isAlive());
            // the relay relays on, both services, while the forked child lives
            for (int port : new int[] {hangPort, forkPort}) {
                assertThat(sha256(transfer(port, payload).get(30, TimeUnit.SECONDS)))
                        .isEqualTo(sha256(payload));
            }
            ReliabilityResults.record(
                    "faults",
                    "hook that hangs (timeout 1 s) and hook that forks a child and exits",
                    "the hanging one killed at its timeout with its child; the forking one recorded as exited, its"
                            + " detached child left to itself; both services relayed throughout");
        }
    }

    @Test
    void bundlesRestartedWhileTrafficFlowsDropNothing() throws Exception {
        try (EchoProcess echo = EchoProcess.start(work.resolve("echo.txt"))) {
            int port = Loopback.freePort();
            RelayRun relay = RelayRun.start(
                    work,
                    service("steady", port, quoted(echo.backend()), ""),
                    started,
                    java.util.Map.of("RELAY_SSH", "on"));
            ShellClient.awaitOutput(RelayProcess.START, "START LEVEL 100", () -> relay.asAdmin("bundle:list"));
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicLong ok = new java.util.concurrent.atomic.AtomicLong();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int id = c;
                clients.add(pool.submit(() -> {
                    byte[] payload = random(1024, id);
                    String expected = sha256(payload);
                    while (running.get()) {
                        try {
                            if (sha256(transfer(port, payload).get(30, TimeUnit.SECONDS))
                                    .equals(expected)) {
                                ok.incrementAndGet();
                            } else {
                                failures.add("short answer at " + java.time.Instant.now());
                            }
                        } catch (Exception e) {
                            failures.add(e + " at " + java.time.Instant.now());
                        }
                    }
                    return null;
                }));
            }
            // a long-lived connection through all of it
            Socket held = new Socket(LOCAL, port);
            held.setSoTimeout(30_000);
            List<String> restarted = new ArrayList<>();
            for (String bundle : List.of(
                    "org.asyncrelay.hooks", "org.asyncrelay.web", "org.asyncrelay.dns", "org.asyncrelay.config")) {
                ShellClient.Result r = relay.asAdmin("bundle:restart", bundle);
                assertThat(r.exit()).as(bundle + ": " + r.output()).isZero();
                restarted.add(bundle);
                Thread.sleep(3000);
                held.getOutputStream().write('h');
                assertThat(held.getInputStream().read())
                        .as("the long-lived connection after " + bundle)
                        .isEqualTo('h');
            }
            running.set(false);
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
            held.close();
            assertThat(failures)
                    .as("connections that failed while bundles restarted")
                    .isEmpty();
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> relay.web.get("/api/status").status == 200);
            ReliabilityResults.record(
                    "faults",
                    "bundle:restart of " + String.join(", ", restarted) + " while 4 clients relay without pause and a"
                            + " connection stays open",
                    String.format(
                            Locale.ROOT,
                            "%,d transfers intact, 0 failed; the open connection echoed after each restart",
                            ok.get()));
        }
    }

    @Test
    void sigtermWithAThousandConnectionsOpenExitsWithinTheGrace() throws Exception {
        try (EchoProcess echo = EchoProcess.start(work.resolve("echo.txt"))) {
            int port = Loopback.freePort();
            RelayRun relay = RelayRun.start(work, service("held", port, quoted(echo.backend()), ""), started);
            String config = Files.readString(relay.file);
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Socket s = new Socket(LOCAL, port);
                s.setSoTimeout(60_000);
                s.getOutputStream().write('x');
                assertThat(s.getInputStream().read()).isEqualTo('x');
                sockets.add(s);
            }
            long t0 = System.nanoTime();
            relay.process.destroy(); // SIGTERM
            assertThat(relay.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            double seconds = (System.nanoTime() - t0) / 1e9;
            int closed = 0;
            for (Socket s : sockets) {
                try {
                    if (s.getInputStream().read() < 0) {
                        closed++;
                    }
                } catch (IOException reset) {
                    closed++;
                }
                s.close();
            }
            assertThat(closed).isEqualTo(1000);
            assertThat(relay.process.exitValue()).isZero();
            assertThat(Files.readString(relay.file)).isEqualTo(config);
            Path accessLog = relay.state.resolve("log/access.log");
            List<String> lines = Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
            assertThat(lines).allMatch(l -> l.contains(" end="));
            try (var files = Files.walk(relay.state)) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                                .toList())
                        .isEmpty();
            }
            ReliabilityResults.record(
                    "faults",
                    "SIGTERM with 1,000 relayed connections open (shutdown grace 5 s)",
                    String.format(
                            Locale.ROOT,
                            "exited 0 after %.1f s, all 1,000 clients closed, the file unchanged, %d access log lines all whole",
                            seconds,
                            lines.size()));
        }
    }
}
