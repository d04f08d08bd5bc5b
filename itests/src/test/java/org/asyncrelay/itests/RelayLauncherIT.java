package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Drives bin/relay as a process, the way a newcomer would. */
class RelayLauncherIT {

    static final Path HOME = RelayProcess.HOME;

    @TempDir
    Path work;

    int sshPort;
    final List<Process> started = new ArrayList<>();

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> started);

    @BeforeEach
    void ports() throws IOException {
        sshPort = Loopback.freePort();
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(RelayProcess::kill);
    }

    Process relay(Path cwd, String... args) throws IOException {
        return relay(RelayProcess.Ports.free(sshPort), cwd, Map.of(), args);
    }

    /** @param ports the management ports to set, or null: bin/relay's own choice */
    Process relay(RelayProcess.Ports ports, Path cwd, Map<String, String> env, String... args) throws IOException {
        Process p = RelayProcess.start(
                HOME,
                cwd,
                work.resolve("stdout-" + started.size() + ".txt"),
                work.resolve("stderr-" + started.size() + ".txt"),
                ports,
                env,
                args);
        started.add(p);
        return p;
    }

    String stdout(int run) throws IOException {
        return Files.readString(work.resolve("stdout-" + run + ".txt"));
    }

    String stderr(int run) throws IOException {
        return Files.readString(work.resolve("stderr-" + run + ".txt"));
    }

    static String yaml(String name, int port, int backend) {
        return "services:\n"
                + "  - name: " + name + "\n"
                + "    protocol: tcp\n"
                + "    listen:\n"
                + "      address: 127.0.0.1\n"
                + "      port: " + port + "\n"
                + "    backends:\n"
                + "      - \"127.0.0.1:" + backend + "\"\n";
    }

    static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** bin/client as the relay's OS user: no password, the key bin/relay made on its first start. */
    String client(String command) throws Exception {
        ShellClient.Result r = ShellClient.run(HOME, sshPort, List.of(), command);
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output();
    }

    @Test
    void relaysStopsCleanlyAndStartsFromACleanStateEachRun() throws Exception {
        try (ServerSocket backend = Loopback.echo("E:")) {
            Path dir = Files.createDirectories(work.resolve("configs"));
            int first = Loopback.freePort();
            Files.writeString(dir.resolve("first.yaml"), yaml("first", first, backend.getLocalPort()));

            long t0 = System.nanoTime();
            RelayProcess.Ports ports = RelayProcess.Ports.free(sshPort);
            Process run1 = relay(ports, dir, Map.of(), "-c", "first.yaml");
            await().atMost(RelayProcess.START)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> listening(first));
            System.out.printf("bin/relay: listening %d ms after start%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(Loopback.exchange(first, "ping")).isEqualTo("E:ping");
            assertThat(stdout(0)).contains("relay first: listening on TCP 127.0.0.1:" + first);
            // the web console is the last to come up; with it, SSH and JMX on, nothing warns at an
            // ordinary start (Felix's Jetty did at every start, #17)
            await().atMost(RelayProcess.START).until(() -> listening(ports.http()));
            assertThat(stdout(0) + stderr(0)).doesNotContain("WARN", "ERROR");

            List<ProcessHandle> tree = run1.descendants().toList();
            assertThat(tree).isNotEmpty();
            run1.destroy(); // SIGTERM
            assertThat(run1.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run1.exitValue()).isZero();
            assertThat(tree).noneMatch(ProcessHandle::isAlive);
            assertThat(bindable(first)).isTrue();

            int second = Loopback.freePort();
            Path other = work.resolve("elsewhere");
            Files.createDirectories(other);
            Path secondFile = dir.resolve("second.yaml");
            Files.writeString(secondFile, yaml("second", second, backend.getLocalPort()));
            Process run2 = relay(other, "--config", secondFile.toString(), "--log-level", "DEBUG", "--no-reload");
            await().atMost(RelayProcess.START)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> listening(second));
            assertThat(Loopback.exchange(second, "pong")).isEqualTo("E:pong");
            assertThat(listening(first)).isFalse();

            String status = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> client("relay:status"), s -> s.contains("second"));
            assertThat(status)
                    .contains("second", "RUNNING", "127.0.0.1:" + second)
                    .doesNotContain("first");
            // the command as arguments, and a refused one: its reason and a non-zero status
            ShellClient.Result args =
                    ShellClient.runArguments(HOME, List.of("-c", secondFile.toString()), "relay:status", "second");
            assertThat(args.exit()).as(args.output()).isZero();
            assertThat(args.output()).contains("second", "RUNNING").doesNotContain("Closed", "WARNING");
            ShellClient.Result refused =
                    ShellClient.runArguments(HOME, List.of("-c", secondFile.toString()), "relay:backends", "nope");
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.output()).contains("No relay service named nope; services: second");
            // --log-level DEBUG: a connection's line (its close: client, backend, bytes)
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Loopback.exchange(second, "d").equals("E:d")
                            && stdout(1).contains("DEBUG relay second: "));

            // --no-reload: an edit waits for relay:reload
            int third = Loopback.freePort();
            Files.writeString(secondFile, yaml("second", third, backend.getLocalPort()));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> listening(second));
            assertThat(client("relay:reload")).contains("reloaded and applied");
            await().atMost(Duration.ofSeconds(10)).until(() -> listening(third));
            assertThat(listening(second)).isFalse();

            List<ProcessHandle> tree2 = run2.descendants().toList();
            new ProcessBuilder("kill", "-INT", String.valueOf(run2.pid()))
                    .start()
                    .waitFor();
            assertThat(run2.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run2.exitValue()).isZero();
            assertThat(tree2).noneMatch(ProcessHandle::isAlive);
            assertThat(bindable(third)).isTrue();
        }
    }

    /**
     * #17: the first clean stop of an installation writes the relay's classes to a class-data
     * archive, and the next start maps them from it instead of parsing them (bundle classes
     * included: Felix defines them, the JVM finds them archived by name and bytes). An archive cut
     * short is removed rather than mapped (a JVM that maps one crashes), and the next stop writes it
     * again.
     */
    @Test
    void theFirstCleanStopWritesAClassDataArchiveThatTheNextStartMaps() throws Exception {
        try (ServerSocket backend = Loopback.echo("E:")) {
            Path stateHome = work.resolve("state-home");
            Path classData = stateHome.resolve("class-data");
            int port = Loopback.freePort();
            Files.writeString(work.resolve("cds.yaml"), yaml("cds", port, backend.getLocalPort()));
            Map<String, String> env = new HashMap<>(RelayProcess.PRODUCT_DEFAULTS);
            env.put("RELAY_STATE_HOME", stateHome.toString());

            // what a relay killed while it wrote its archive leaves: its pid in the name, not running
            Files.createDirectories(classData);
            Path leftover = classData.resolve("relay-00000000-0000000000000000.2147483646.tmp");
            Files.write(leftover, new byte[1024]);
            Process first = relayWith(env, "-c", "cds.yaml");
            awaitRelaying(port);
            assertThat(archives(classData)).isEmpty();
            assertThat(leftover).doesNotExist();
            stop(first);
            List<Path> written = archives(classData);
            assertThat(written).hasSize(1);
            assertThat(written.get(0).getFileName().toString())
                    .matches("relay-[0-9a-f]{8}-[0-9a-f]{16}-" + Files.size(written.get(0)) + "\\.jsa");
            try (Stream<Path> all = Files.list(classData)) {
                assertThat(all).as("no half-written archive left").containsExactlyElementsOf(written);
            }

            Path loaded = work.resolve("class-load.txt");
            env.put("RELAY_JAVA_OPTS", "-Xlog:class+load=info:file=" + loaded);
            Process second = relayWith(env, "-c", "cds.yaml");
            awaitRelaying(port);
            stop(second);
            List<String> lines = Files.readAllLines(loaded);
            assertThat(lines.stream().filter(l -> l.contains("source: shared objects file (top)")))
                    .as("classes mapped from the relay's archive")
                    .hasSizeGreaterThan(1000)
                    .anyMatch(l -> l.contains(" org.asyncrelay.engine.TcpRelay "))
                    .anyMatch(l -> l.contains(" org.apache.felix.framework.Felix "));
            assertThat(archives(classData)).isEqualTo(written);

            env.remove("RELAY_JAVA_OPTS");
            byte[] whole = Files.readAllBytes(written.get(0));
            written.get(0).toFile().setWritable(true);
            Files.write(written.get(0), Arrays.copyOf(whole, whole.length / 2));
            Process cutShort = relayWith(env, "-c", "cds.yaml");
            awaitRelaying(port);
            assertThat(archives(classData))
                    .as("an archive not whole is never mapped")
                    .isEmpty();
            stop(cutShort);
            List<Path> again = archives(classData);
            assertThat(again).hasSize(1);
            assertThat(again.get(0).getFileName().toString()).endsWith("-" + Files.size(again.get(0)) + ".jsa");
        }
    }

    /**
     * #17: bin/client's classes (Karaf's client, Apache SSHD, JLine) from a class-data archive of its
     * own: written by its first successful run (not by one that failed, which may not have loaded
     * what a session loads), mapped by the runs after it.
     */
    @Test
    void theShellClientsFirstSuccessfulRunWritesAClassDataArchiveThatTheNextRunsMap() throws Exception {
        try (ServerSocket backend = Loopback.echo("E:")) {
            Path stateHome = work.resolve("client-state-home");
            Path classData = stateHome.resolve("class-data");
            int port = Loopback.freePort();
            Path file = work.resolve("shell.yaml");
            Files.writeString(file, yaml("shell", port, backend.getLocalPort()));
            Map<String, String> env = new HashMap<>(RelayProcess.PRODUCT_DEFAULTS);
            env.put("RELAY_STATE_HOME", stateHome.toString());
            env.put("RELAY_SSH", "on");
            relayWith(env, "-c", file.toString());
            awaitRelaying(port);
            Files.createDirectories(classData);
            Path leftover = classData.resolve("client-00000000-0000000000000000.2147483646.tmp");
            Files.write(leftover, new byte[1024]);

            Map<String, String> clientEnv = Map.of("RELAY_STATE_HOME", stateHome.toString());
            List<String> options = List.of("-c", file.toString());
            ShellClient.Result refused = ShellClient.runArguments(HOME, clientEnv, options, "relay:backends", "nope");
            assertThat(refused.exit()).as(refused.output()).isNotZero();
            assertThat(clientArchives(classData))
                    .as("a failed run keeps no archive")
                    .isEmpty();
            assertThat(leftover).doesNotExist();

            ShellClient.awaitOutput(
                    RelayProcess.START,
                    "shell",
                    () -> ShellClient.runArguments(HOME, clientEnv, options, "relay:status"));
            List<Path> written = clientArchives(classData);
            assertThat(written).hasSize(1);
            assertThat(written.get(0).getFileName().toString())
                    .matches("client-[0-9a-f]{8}-[0-9a-f]{16}-" + Files.size(written.get(0)) + "\\.jsa");
            try (Stream<Path> tmp = Files.list(classData)) {
                assertThat(tmp.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
            }

            Path loaded = work.resolve("client-class-load.txt");
            Map<String, String> logged = new HashMap<>(clientEnv);
            logged.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + loaded);
            ShellClient.Result mapped = ShellClient.runArguments(HOME, logged, options, "relay:status");
            assertThat(mapped.output()).contains("shell");
            assertThat(Files.readAllLines(loaded).stream().filter(l -> l.contains("source: shared objects file (top)")))
                    .as("classes mapped from the client's archive")
                    .hasSizeGreaterThan(500)
                    .anyMatch(l -> l.contains(" org.apache.karaf.client.Main "))
                    .anyMatch(l -> l.contains(" org.apache.sshd.client.SshClient "));
            assertThat(clientArchives(classData)).isEqualTo(written);
        }
    }

    /** bin/relay and bin/client read their switches alike: a value other than on or off is refused by both. */
    @Test
    void aSwitchThatIsNeitherOnNorOffIsRefusedNamingIt() throws Exception {
        Path ok = work.resolve("ok.yaml");
        Files.writeString(ok, yaml("ok", Loopback.freePort(), 1));
        Map<String, String> env = new HashMap<>(RelayProcess.PRODUCT_DEFAULTS);
        env.put("RELAY_CLASS_DATA", "maybe");
        Process relay = relayWith(env, "-c", ok.toString());
        assertThat(relay.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.exitValue()).isEqualTo(2);
        assertThat(stderr(0)).contains("relay: error: RELAY_CLASS_DATA: expected on or off, got 'maybe'");

        ShellClient.Result client = ShellClient.runArguments(
                HOME, Map.of("RELAY_CLASS_DATA", "maybe"), List.of("-u", "admin"), "relay:status");
        assertThat(client.exit()).isEqualTo(2);
        assertThat(client.output()).contains("client: RELAY_CLASS_DATA: expected on or off, got 'maybe'");
    }

    private static List<Path> clientArchives(Path dir) throws IOException {
        return archives(dir).stream()
                .filter(f -> f.getFileName().toString().startsWith("client-"))
                .toList();
    }

    private Process relayWith(Map<String, String> env, String... args) throws IOException {
        return relay(null, work, env, args);
    }

    private static void awaitRelaying(int port) {
        await().atMost(RelayProcess.START)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> Loopback.exchange(port, "x").equals("E:x"));
    }

    private static void stop(Process relay) throws InterruptedException {
        relay.destroy(); // SIGTERM
        assertThat(relay.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.exitValue()).isZero();
    }

    private static List<Path> archives(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".jsa"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void hotReloadAppliesEditsAndKeepsTheRunningConfigurationOnErrors() throws Exception {
        try (ServerSocket backend = Loopback.echo("H:")) {
            int first = Loopback.freePort();
            int added = Loopback.freePort();
            Path file = work.resolve("live.yaml");
            Files.writeString(file, yaml("live", first, backend.getLocalPort()));
            Process run = relay(work, "-c", "live.yaml", "--reload-delay", "0.5");
            await().atMost(RelayProcess.START)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> listening(first));

            try (Socket kept = new Socket(InetAddress.getLoopbackAddress(), first)) {
                kept.setSoTimeout(10_000);
                kept.getOutputStream().write('1');
                assertThat(kept.getInputStream().readNBytes(3)).isEqualTo("H:1".getBytes(StandardCharsets.US_ASCII));

                // saved the way vim does: a new file renamed over the old one
                Path tmp = work.resolve(".live.yaml.swp");
                Files.writeString(
                        tmp,
                        yaml("live", first, backend.getLocalPort())
                                + yaml("added", added, backend.getLocalPort()).replace("services:\n", ""));
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                await().atMost(Duration.ofSeconds(15)).until(() -> listening(added));
                assertThat(Loopback.exchange(added, "new")).isEqualTo("H:new");

                Files.writeString(file, "services:\n  - name: live\n    listen: {port: nope}\n");
                await().atMost(Duration.ofSeconds(15))
                        .until(
                                () -> stdout(0)
                                        .contains(
                                                "live.yaml:3:20 services[0].listen.port: expected an integer 1-65535, got \"nope\""));
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> stdout(0).contains("the running configuration stays in force"));
                assertThat(listening(added)).isTrue();

                // an unchanged service keeps its connections across reloads
                kept.getOutputStream().write('2');
                assertThat(kept.getInputStream().readNBytes(1)).isEqualTo("2".getBytes(StandardCharsets.US_ASCII));
            }
            run.destroy();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aYamlSyntaxErrorExitsNonZeroNamingFileAndLine() throws Exception {
        Path bad = work.resolve("broken.yaml");
        Files.writeString(bad, "services:\n  - name: \"web\n    listen: {port: 1}\n");
        long t0 = System.nanoTime();
        Process p = relay(work, "-c", "broken.yaml");
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        System.out.printf("bin/relay: broken file refused in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(p.exitValue()).isNotZero();
        assertThat(stderr(0)).contains(bad + ":4:1 YAML syntax error");
    }

    @Test
    void aServiceWithoutListenPortExitsNonZeroNamingTheField() throws Exception {
        Path bad = work.resolve("noport.yaml");
        Files.writeString(
                bad, "services:\n  - name: web\n    listen:\n      address: 127.0.0.1\n    backends: [\"a:1\"]\n");
        Process p = relay(work, "-c", bad.toString());
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(stderr(0)).contains(bad + ":4:7 services[0].listen.port: missing: expected an integer 1-65535");
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        Process p = relay(work);
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(stderr(0)).contains(work.resolve("config/config.yaml") + " file not found");
    }

    @Test
    void checkVersionAndHelpNeverStartTheRelay() throws Exception {
        Path ok = work.resolve("ok.yaml");
        Files.writeString(ok, yaml("ok", Loopback.freePort(), 1));
        Process check = relay(work, "--check", "-c", "ok.yaml");
        assertThat(check.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).isZero();
        assertThat(stdout(0)).contains("configuration valid, 1 service(s)");

        Process version = relay(work, "--version");
        assertThat(version.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stdout(1)).startsWith("async-relay 0.1.0");

        Process help = relay(work, "--help");
        assertThat(help.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stdout(2)).contains("--reload-delay SECONDS", "--no-reload", "--log-level");

        Process wrong = relay(work, "--log-level", "LOUD");
        assertThat(wrong.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.exitValue()).isEqualTo(2);
        assertThat(stderr(3)).contains("invalid choice: 'LOUD'");
    }
}
