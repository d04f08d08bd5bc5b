package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * #16: bin/relay as a daemon: a state directory per configuration file, locked; logs that outlive
 * a restart; management ports of their own for each relay; SIGHUP; the systemd units.
 */
class DaemonIT {

    static final Path HOME = RelayProcess.HOME;

    @TempDir
    Path work;

    final List<Process> started = new ArrayList<>();

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> started);

    @AfterEach
    void stop() {
        started.forEach(RelayProcess::kill);
    }

    /** A relay with no port set: it takes the defaults when free, else free ones (#16). */
    Process relay(String... args) throws IOException {
        return relay(Map.of(), args);
    }

    Process relay(Map<String, String> env, String... args) throws IOException {
        int n = started.size();
        Process p = RelayProcess.start(
                HOME,
                work,
                work.resolve("stdout-" + n + ".txt"),
                work.resolve("stderr-" + n + ".txt"),
                null,
                env,
                args);
        started.add(p);
        return p;
    }

    /** Thread names of Jetty's pool and of the RMI server of JMX (sshd starts threads per session). */
    static final String JETTY_THREADS = "qtp";

    static final String RMI_THREADS = "RMI TCP Accept";

    static long javaOf(Process relay) {
        return relay.descendants()
                .filter(h -> h.info().command().orElse("").endsWith("java"))
                .findFirst()
                .orElseThrow()
                .pid();
    }

    @Test
    void byDefaultOnlyTheServicesListenAndWhatIsOffIsNotStarted() throws Exception {
        try (ServerSocket backend = Loopback.echo("P:")) {
            int port = Loopback.freePort();
            Path file = Files.writeString(
                    work.resolve("plain.yaml"), RelayLauncherIT.yaml("plain", port, backend.getLocalPort()));
            Process relay = relay(RelayProcess.PRODUCT_DEFAULTS, "-c", file.toString());
            await().atMost(RelayProcess.START).until(() -> RelayLauncherIT.listening(port));
            assertThat(Loopback.exchange(port, "p")).isEqualTo("P:p");

            assertThat(stdout(0)).contains("no management listener");
            assertThat(Files.readAllLines(stateDir(0).resolve("ports"))).isEmpty();
            assertThat(Listeners.tcpPorts(javaOf(relay))).containsExactly(port);
            // bin/client says why it cannot reach this relay
            ShellClient.Result client = ShellClient.run(HOME, List.of("-c", file.toString()), "relay:status");
            assertThat(client.exit()).isNotZero();
            assertThat(client.output()).contains("RELAY_SSH=on");
            // the parts left out were not started: none of the threads of Jetty or JMX (RMI) that a
            // relay with them on has (the test of two relays checks that it does)
            assertThat(Listeners.threadNames(javaOf(relay)))
                    .noneMatch(t -> t.startsWith(JETTY_THREADS) || t.startsWith(RMI_THREADS));
        }
    }

    String stdout(int n) throws IOException {
        return Files.readString(work.resolve("stdout-" + n + ".txt"));
    }

    String stderr(int n) throws IOException {
        return Files.readString(work.resolve("stderr-" + n + ".txt"));
    }

    /** The state directory bin/relay printed at its start. */
    Path stateDir(int n) throws IOException {
        Matcher m = Pattern.compile("relay: state in (.+), log in ").matcher(stdout(n));
        assertThat(m.find()).as(stdout(n)).isTrue();
        return Path.of(m.group(1));
    }

    static void stopAndWait(Process p) throws InterruptedException {
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void relaysOnTwoFilesRunSideBySideAndASecondOnOneFileIsRefused() throws Exception {
        try (ServerSocket backend = Loopback.echo("D:")) {
            int portA = Loopback.freePort();
            int portB = Loopback.freePort();
            Path a = Files.writeString(
                    work.resolve("a.yaml"), RelayLauncherIT.yaml("alpha", portA, backend.getLocalPort()));
            Path b = Files.writeString(
                    work.resolve("b.yaml"), RelayLauncherIT.yaml("beta", portB, backend.getLocalPort()));
            // started at the same moment, as systemd starts relay@a and relay@b at boot
            Process relayA = relay("-c", a.toString());
            Process relayB = relay("-c", b.toString());
            await().atMost(RelayProcess.START)
                    .until(() -> RelayLauncherIT.listening(portA) && RelayLauncherIT.listening(portB));
            assertThat(Loopback.exchange(portA, "a")).isEqualTo("D:a");
            assertThat(Loopback.exchange(portB, "b")).isEqualTo("D:b");

            // each has its own state directory and its own management ports, and bin/client -c finds it
            Path stateA = stateDir(0);
            Path stateB = stateDir(1);
            assertThat(stateA).isNotEqualTo(stateB).startsWith(HOME.resolve("state"));
            List<String> portsA = Files.readAllLines(stateA.resolve("ports"));
            List<String> portsB = Files.readAllLines(stateB.resolve("ports"));
            assertThat(portsA)
                    .hasSize(4)
                    .doesNotContainAnyElementsOf(portsB.stream()
                            .map(l -> l.substring(l.indexOf('=')))
                            .map(p -> portsA.stream()
                                    .filter(x -> x.endsWith(p))
                                    .findFirst()
                                    .orElse("none"))
                            .toList());
            await().atMost(RelayProcess.START)
                    .ignoreExceptions()
                    .until(() ->
                            client(List.of("-c", a.toString()), "relay:status").contains("alpha"));
            String statusB = await().atMost(RelayProcess.START)
                    .ignoreExceptions()
                    .until(() -> client(List.of("-c", b.toString()), "relay:status"), s -> s.contains("beta"));
            assertThat(statusB).contains("beta").doesNotContain("alpha");
            // #13: nothing else listens: no port of the ephemeral range taken behind a test's back
            for (int i = 0; i < 2; i++) {
                Process relay = i == 0 ? relayA : relayB;
                Set<Integer> expected = new TreeSet<>();
                expected.add(i == 0 ? portA : portB);
                for (String line : i == 0 ? portsA : portsB) {
                    expected.add(Integer.parseInt(line.substring(line.indexOf('=') + 1)));
                }
                assertThat(Listeners.threadNames(javaOf(relay)))
                        .anyMatch(t -> t.startsWith(JETTY_THREADS))
                        .anyMatch(t -> t.startsWith(RMI_THREADS));
                assertThat(Listeners.tcpPorts(javaOf(relay)))
                        .as("TCP listeners of relay " + i)
                        .isEqualTo(expected);
            }
            assertThat(stdout(0) + stdout(1)).doesNotContain("Exception");
            assertThat(stderr(0) + stderr(1)).doesNotContain("Exception");

            // a second relay on the same file: refused at once, with the reason and exit status 3
            long t0 = System.nanoTime();
            Process again = relay("-c", a.toString());
            assertThat(again.waitFor(5, TimeUnit.SECONDS)).isTrue();
            System.out.printf("second relay on one file refused in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(again.exitValue()).isEqualTo(3);
            assertThat(stderr(2)).contains("already running on " + a, stateA.toString());
            assertThat(Loopback.exchange(portA, "still")).isEqualTo("D:still");

            // they stop independently
            stopAndWait(relayA);
            assertThat(RelayLauncherIT.bindable(portA)).isTrue();
            assertThat(Loopback.exchange(portB, "alone")).isEqualTo("D:alone");
            stopAndWait(relayB);
        }
    }

    @Test
    void theLogOfARunOutlivesTheRestart() throws Exception {
        try (ServerSocket backend = Loopback.echo("L:")) {
            int port = Loopback.freePort();
            Path file = Files.writeString(
                    work.resolve("logged.yaml"), RelayLauncherIT.yaml("logged", port, backend.getLocalPort()));
            Process first = relay("-c", file.toString());
            await().atMost(RelayProcess.START).until(() -> RelayLauncherIT.listening(port));
            Path log = stateDir(0).resolve("log/karaf.log");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(log).contains("relay logged: listening"));
            stopAndWait(first);
            String firstRun = Files.readString(log);
            assertThat(firstRun).contains("relay logged: stopped");

            relay("-c", file.toString());
            await().atMost(RelayProcess.START).until(() -> RelayLauncherIT.listening(port));
            assertThat(stateDir(1).resolve("log/karaf.log")).isEqualTo(log);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(log).split("relay logged: listening", -1).length == 3);
            assertThat(Files.readString(log)).startsWith(firstRun);
            // while the Karaf data of the first run is gone: a clean state each start
            assertThat(stateDir(1).resolve("data")).isDirectory();
        }
    }

    @Test
    void sighupAppliesAnEditedFileAndKeepsAnInvalidOneOut() throws Exception {
        try (ServerSocket backend = Loopback.echo("H:")) {
            int first = Loopback.freePort();
            int added = Loopback.freePort();
            Path file = Files.writeString(
                    work.resolve("hup.yaml"), RelayLauncherIT.yaml("hup", first, backend.getLocalPort()));
            Process p = relay("-c", file.toString(), "--no-reload");
            await().atMost(RelayProcess.START).until(() -> RelayLauncherIT.listening(first));

            Files.writeString(
                    file,
                    RelayLauncherIT.yaml("hup", first, backend.getLocalPort())
                            + RelayLauncherIT.yaml("added", added, backend.getLocalPort())
                                    .replace("services:\n", ""));
            hup(p);
            await().atMost(Duration.ofSeconds(30)).until(() -> RelayLauncherIT.listening(added));
            assertThat(Loopback.exchange(added, "new")).isEqualTo("H:new");
            assertThat(stdout(0)).contains("SIGHUP, reloading");

            Files.writeString(file, "services:\n  - name: hup\n    listen: {port: nope}\n");
            hup(p);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> stdout(0).contains("the running configuration stays in force"));
            assertThat(RelayLauncherIT.listening(added)).isTrue();
            assertThat(p.isAlive()).isTrue();
            stopAndWait(p);
        }
    }

    @Test
    void theSystemdUnitsPassSystemdAnalyzeVerify() throws Exception {
        Path etc = Files.createDirectories(work.resolve("etc-async-relay"));
        Files.writeString(etc.resolve("config.yaml"), "services: []\n");
        Files.writeString(etc.resolve("edge.yaml"), "services: []\n");
        Path units = Files.createDirectories(work.resolve("units"));
        for (String unit : List.of("async-relay.service", "async-relay@.service")) {
            String text = Files.readString(HOME.resolve("systemd").resolve(unit))
                    .replace("/opt/async-relay", HOME.toString())
                    .replace("/etc/async-relay", etc.toString());
            Files.writeString(units.resolve(unit), text);
        }
        Files.copy(units.resolve("async-relay@.service"), units.resolve("async-relay@edge.service"));
        for (String unit : List.of("async-relay.service", "async-relay@edge.service")) {
            Process verify = new ProcessBuilder(
                            "systemd-analyze", "verify", units.resolve(unit).toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(verify.getInputStream().readAllBytes());
            assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // verify exits 0 on mere warnings: a clean unit prints nothing
            assertThat(verify.exitValue()).as(out).isZero();
            assertThat(out).as(unit).isBlank();
        }
        String unit = Files.readString(HOME.resolve("systemd/async-relay.service"));
        assertThat(unit)
                .contains(
                        "ExecReload=/bin/kill -HUP $MAINPID",
                        "NoNewPrivileges=yes",
                        "ProtectSystem=strict",
                        "PrivateTmp=yes",
                        "AmbientCapabilities=CAP_NET_BIND_SERVICE",
                        "Restart=on-failure");
    }

    private static void hup(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private static String client(List<String> target, String command) throws Exception {
        ShellClient.Result r = ShellClient.run(HOME, target, command);
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output();
    }
}
