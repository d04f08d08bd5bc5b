package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * #14: a fresh copy of the distribution ships no account, makes its own credentials on its first
 * start, readable by its OS user only, and never shows them; the operator it makes runs the relay's
 * commands but not those that give the host away; each management listener can be turned off.
 */
class CredentialsIT {

    @TempDir
    Path work;

    Path home;
    final List<Process> started = new ArrayList<>();

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> started);

    /** The distribution as it is shipped: unpacked from its archive, never started. */
    @BeforeEach
    void freshInstallation() throws Exception {
        Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        Process tar = new ProcessBuilder("tar", "xzf", System.getProperty("relay.assembly"), "-C", unpacked.toString())
                .inheritIO()
                .start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        try (Stream<Path> top = Files.list(unpacked)) {
            home = top.findFirst().orElseThrow();
        }
    }

    @AfterEach
    void stop() {
        started.forEach(RelayProcess::kill);
    }

    Process relay(RelayProcess.Ports ports, Map<String, String> env, Path config) throws IOException {
        int n = started.size();
        Process p = RelayProcess.start(
                home,
                work,
                work.resolve("stdout-" + n + ".txt"),
                work.resolve("stderr-" + n + ".txt"),
                ports,
                env,
                "-c",
                config.toString());
        started.add(p);
        return p;
    }

    @Test
    void noAccountShipsTheFirstStartMakesItsOwnAndNothingSecretIsShown() throws Exception {
        Path etc = home.resolve("etc");
        assertThat(accounts(etc.resolve("users.properties"))).isEmpty();
        assertThat(accounts(etc.resolve("keys.properties"))).isEmpty();

        try (ServerSocket backend = Loopback.echo("C:")) {
            int relayPort = Loopback.freePort();
            Path config = work.resolve("config.yaml");
            Files.writeString(config, RelayLauncherIT.yaml("guarded", relayPort, backend.getLocalPort()));
            RelayProcess.Ports ports = RelayProcess.Ports.free(Loopback.freePort());
            Process p = relay(ports, Map.of(), config);
            await().atMost(RelayProcess.START).until(() -> RelayLauncherIT.listening(relayPort));

            // mode 0600, owned by the user that runs the relay
            for (String f : List.of("relay.key", "admin.password", "users.properties", "keys.properties")) {
                Path file = etc.resolve(f);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(f)
                        .isEqualTo("rw-------");
                assertThat(Files.getOwner(file).getName()).as(f).isEqualTo(System.getProperty("user.name"));
            }
            String password = Files.readString(etc.resolve("admin.password")).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(24);
            assertThat(accounts(etc.resolve("users.properties"))).containsExactly("admin");
            assertThat(accounts(etc.resolve("keys.properties"))).containsExactly("relay");
            assertThat(Files.readString(etc.resolve("users.properties"))).doesNotContain(password);
            assertThat(Files.readString(work.resolve("stdout-0.txt"))).contains("etc/relay.key", "etc/admin.password");

            // the operator: bin/client with no option, relay:* yes, what gives the host away no
            ShellClient.awaitOutput(RelayProcess.START, "guarded", () -> shell(ports, List.of(), "relay:status"));
            ShellClient.Result drain =
                    shell(ports, List.of(), "relay:drain guarded 127.0.0.1:" + backend.getLocalPort());
            assertThat(drain.exit()).as(drain.output()).isZero();
            assertThat(shell(ports, List.of(), "relay:backends guarded").output())
                    .contains("DRAINING");
            for (String forbidden :
                    List.of("shell:exec id", "bundle:install mvn:org.example/none/1", "system:property x y")) {
                ShellClient.Result r = shell(ports, List.of(), forbidden);
                // Karaf's ACLs hide a command from a user without its role, or refuse it
                assertThat(r.output()).as(forbidden).containsAnyOf("Command not found", "Insufficient credentials");
                assertThat(r.output()).as(forbidden).doesNotContain("uid=");
            }
            // the generated admin can; the old shared accounts and Karaf's usual one cannot
            ShellClient.Result admin = shell(ports, List.of("-u", "admin", "-p", password), "shell:exec id");
            assertThat(admin.output()).contains("uid=");
            for (String[] shared : List.of(new String[] {"relay", "relay"}, new String[] {"karaf", "karaf"})) {
                ShellClient.Result r = shell(ports, List.of("-u", shared[0], "-p", shared[1]), "relay:status");
                assertThat(r.exit()).as(r.output()).isNotZero();
                assertThat(r.output()).doesNotContain("guarded");
                assertThat(webConsole(ports, shared[0], shared[1])).isEqualTo(401);
                assertThatThrownBy(() -> jmx(ports, shared[0], shared[1])).isInstanceOf(SecurityException.class);
            }
            assertThat(webConsole(ports, "admin", password)).isEqualTo(200);
            assertThat(jmx(ports, "admin", password)).isPositive();

            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // nothing secret in any log or output
            String key = Files.readString(etc.resolve("relay.key"))
                    .lines()
                    .filter(l -> !l.startsWith("-----"))
                    .findFirst()
                    .orElseThrow();
            String hash = Files.readString(etc.resolve("users.properties"))
                    .lines()
                    .filter(l -> l.startsWith("admin"))
                    .findFirst()
                    .orElseThrow()
                    .replaceAll(".*\\{CRYPT\\}(.*)\\{CRYPT\\}.*", "$1");
            for (Path log : logs()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(password, key, hash);
            }
            // Karaf's HTTP port opened once: a client that connects while Jetty restarts waits for its own timeout
            String karafLog = logs().stream()
                    .filter(f -> f.getFileName().toString().equals("karaf.log"))
                    .map(CredentialsIT::read)
                    .reduce("", String::concat);
            assertThat(karafLog.lines()
                            .filter(l -> l.contains("Started ServerConnector")
                                    && l.contains("{127.0.0.1:" + ports.http() + "}")))
                    .hasSize(1);

            // a restart keeps them; deleting one makes a new one (rotation)
            String keyBefore = Files.readString(etc.resolve("relay.key"));
            Files.delete(etc.resolve("admin.password"));
            relay(ports, Map.of(), config);
            await().atMost(RelayProcess.START).until(() -> RelayLauncherIT.listening(relayPort));
            String rotated = Files.readString(etc.resolve("admin.password")).strip();
            assertThat(rotated).isNotEqualTo(password);
            assertThat(Files.readString(etc.resolve("relay.key"))).isEqualTo(keyBefore);
            assertThat(accounts(etc.resolve("users.properties"))).containsExactly("admin");
            await().atMost(RelayProcess.START)
                    .ignoreExceptions()
                    .until(() -> webConsole(ports, "admin", rotated) == 200);
            assertThat(webConsole(ports, "admin", password)).isEqualTo(401);
        }
    }

    @Test
    void eachManagementListenerCanBeTurnedOff() throws Exception {
        try (ServerSocket backend = Loopback.echo("O:")) {
            int relayPort = Loopback.freePort();
            Path config = work.resolve("config.yaml");
            Files.writeString(config, RelayLauncherIT.yaml("quiet", relayPort, backend.getLocalPort()));
            RelayProcess.Ports ports = RelayProcess.Ports.free(Loopback.freePort());
            relay(ports, Map.of("RELAY_SSH", "off", "RELAY_JMX", "off", "RELAY_WEB_CONSOLE", "off"), config);
            await().atMost(RelayProcess.START).until(() -> RelayLauncherIT.listening(relayPort));
            assertThat(Loopback.exchange(relayPort, "x")).isEqualTo("O:x");
            // the last bundles to start are the relay's; give Karaf's their chance to bind
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> Stream.of(ports.ssh(), ports.http(), ports.jmxRegistry(), ports.jmxServer())
                            .noneMatch(RelayLauncherIT::listening));
            assertThat(Files.readString(work.resolve("stdout-0.txt"))).contains("no management listener");
        }
    }

    private ShellClient.Result shell(RelayProcess.Ports ports, List<String> login, String command) throws Exception {
        return ShellClient.run(home, ports.ssh(), login, command);
    }

    /** Users with an entry (not groups, not comments) in a Karaf users or keys file. */
    static List<String> accounts(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("_g_"))
                .map(l -> l.split("[ =]", 2)[0])
                .toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Path> logs() throws IOException {
        List<Path> all = new ArrayList<>();
        // the relay's logs: <installation>/state/<instance>/log/
        try (Stream<Path> s = Files.walk(home.resolve("state"))) {
            s.filter(f -> Files.isRegularFile(f)
                            && f.getParent().getFileName().toString().equals("log"))
                    .forEach(all::add);
        }
        try (Stream<Path> s = Files.list(work)) {
            s.filter(f -> f.getFileName().toString().matches("(stdout|stderr).*"))
                    .forEach(all::add);
        }
        return all;
    }

    static int webConsole(RelayProcess.Ports ports, String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.http() + "/system/console/bundles"))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Connects to Karaf's JMX as the user and counts the MBeans it sees. */
    static int jmx(RelayProcess.Ports ports, String user, String password) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + ports.jmxServer()
                + "/jndi/rmi://127.0.0.1:" + ports.jmxRegistry() + "/karaf-root");
        try (JMXConnector c =
                JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}))) {
            return c.getMBeanServerConnection().getMBeanCount();
        }
    }
}
