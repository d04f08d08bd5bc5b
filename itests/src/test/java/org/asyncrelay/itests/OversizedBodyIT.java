package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * #13: a request body over the API's limit is answered 413 with its JSON reason, and the client
 * reads that answer whatever it is: Java's HttpClient, Python's http.client and curl send the body
 * before they read, curl with {@code Expect: 100-continue} waits to be asked. One bin/relay with
 * Basic auth on, so the 401 of a client without credentials is read the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OversizedBodyIT {

    static final int LIMIT = 1 << 20;
    static final String USER = "admin";
    static final String PASSWORD = "s3cret-for-the-test";
    static final String REASON = "request body larger than " + LIMIT + " bytes";

    Path work;
    Process relay;
    int webPort;

    @BeforeAll
    void startRelay() throws Exception {
        work = Files.createTempDirectory("oversized");
        webPort = Loopback.freePort();
        int relayPort = Loopback.freePort();
        Files.writeString(
                work.resolve("config.yaml"),
                "web_ui:\n  enabled: true\n  port: " + webPort + "\n  auth:\n    enabled: true\n    username: " + USER
                        + "\n    password: \"" + PASSWORD + "\"\n"
                        + RelayLauncherIT.yaml("big", relayPort, Loopback.freePort()));
        // as users run it: the web UI on, the management listeners at their default (off)
        relay = RelayProcess.start(
                RelayProcess.HOME,
                work,
                work.resolve("stdout.txt"),
                work.resolve("stderr.txt"),
                RelayProcess.Ports.free(Loopback.freePort()),
                RelayProcess.PRODUCT_DEFAULTS,
                "-c",
                "config.yaml",
                "--no-reload");
        await().atMost(RelayProcess.START)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> java(HttpRequest.BodyPublishers.noBody(), "GET", "/api/status", true)
                                .statusCode()
                        == 200);
    }

    @AfterAll
    void stopRelayAndCheckItsLog() throws Exception {
        relay.destroy();
        assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // a client that stops sending once it has its answer is ordinary, not worth a warning
        assertThat(Files.readString(work.resolve("stdout.txt")))
                .contains("relay big: stopped")
                .doesNotContain(" WARN ", " ERROR ");
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {LIMIT + 1, 16 * LIMIT})
    void javaHttpClientReadsThe413(int size) throws Exception {
        HttpResponse<String> r = java(HttpRequest.BodyPublishers.ofByteArray(body(size)), "PUT", "/api/config", true);
        assertRefused(
                r.statusCode(), r.body(), r.headers().firstValue("Connection").orElse(""));
    }

    @Test
    void javaHttpClientReadsThe413OfAChunkedBodyThatGrowsPastTheLimit() throws Exception {
        HttpResponse<String> r = java(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body(16 * LIMIT))),
                "PUT",
                "/api/config",
                true);
        assertThat(r.request().headers().firstValue("Content-Length")).isEmpty();
        assertRefused(r.statusCode(), r.body(), "close");
    }

    @Test
    void javaHttpClientWithoutCredentialsReadsThe401() throws Exception {
        HttpResponse<String> r =
                java(HttpRequest.BodyPublishers.ofByteArray(body(16 * LIMIT)), "PUT", "/api/config", false);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("authentication required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1048577", "16777216", "16777216 chunked", "16777216 anonymous"})
    void pythonHttpClientReadsTheAnswer(String how) throws Exception {
        String[] a = how.split(" ");
        int size = Integer.parseInt(a[0]);
        String mode = a.length > 1 ? a[1] : "plain";
        String script = String.join(
                "\n",
                "import base64, http.client, sys",
                "port, size, mode, auth = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]",
                "c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)",
                "headers = {'Content-Type': 'application/yaml'}",
                "if mode != 'anonymous': headers['Authorization'] = 'Basic ' + auth",
                "body = b'#' * size",
                "if mode == 'chunked':",
                "    c.request('PUT', '/api/config', body=(body[i:i + 65536] for i in range(0, size, 65536)),"
                        + " headers=headers, encode_chunked=True)",
                "else:",
                "    c.request('PUT', '/api/config', body=body, headers=headers)",
                "r = c.getresponse()",
                "print(r.status, r.getheader('Connection'))",
                "print(r.read().decode())",
                "");
        Path py = work.resolve("client.py");
        Files.writeString(py, script);
        String out = run(
                "python3",
                py.toString(),
                String.valueOf(webPort),
                String.valueOf(size),
                mode,
                Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (mode.equals("anonymous")) {
            assertThat(out).startsWith("401 close").contains("authentication required");
        } else {
            assertThat(out).startsWith("413 close").contains(REASON);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {LIMIT + 1, 16 * LIMIT})
    void curlWithoutExpectReadsThe413(int size) throws Exception {
        String out = curl(size, "Expect:");
        assertThat(out).contains(REASON);
        String[] statusAndSent = out.substring(out.lastIndexOf('\n') + 1).split(" ");
        assertThat(statusAndSent[0]).isEqualTo("413");
        // curl stops sending once it has read the answer: some of the body went, not necessarily all
        assertThat(Long.parseLong(statusAndSent[1])).isPositive();
    }

    @ParameterizedTest
    @ValueSource(ints = {LIMIT + 1, 16 * LIMIT})
    void curlWithExpectReadsThe413BeforeSendingTheBody(int size) throws Exception {
        String out = curl(size, "Expect: 100-continue");
        assertThat(out).contains(REASON).endsWith("413 0");
    }

    @Test
    void theRefusedBodiesChangedNothing() throws Exception {
        curlWithoutExpectReadsThe413(16 * LIMIT);
        HttpResponse<String> source = java(HttpRequest.BodyPublishers.noBody(), "GET", "/api/config/source", true);
        assertThat(source.statusCode()).isEqualTo(200);
        assertThat(source.body()).contains("\"source\" : \"config.yaml\"");
        assertThat(work.resolve("config.runtime.yaml")).doesNotExist();
    }

    private static void assertRefused(int status, String body, String connection) {
        assertThat(status).isEqualTo(413);
        assertThat(body).contains("\"status\" : 413", REASON);
        assertThat(connection).isEqualTo("close");
    }

    private HttpResponse<String> java(HttpRequest.BodyPublisher body, String method, String path, boolean authenticated)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/yaml")
                .method(method, body);
        if (authenticated) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The answer's body, then its status and how many body bytes curl sent. */
    private String curl(int size, String expectHeader) throws Exception {
        Path file = work.resolve("body-" + size);
        if (!Files.exists(file)) {
            Files.write(file, body(size));
        }
        return run(
                "curl",
                "-sS",
                "--max-time",
                "60",
                "-u",
                USER + ":" + PASSWORD,
                "-X",
                "PUT",
                "-H",
                "Content-Type: application/yaml",
                "-H",
                expectHeader,
                "--data-binary",
                "@" + file,
                "-w",
                "\n%{http_code} %{size_upload}",
                "http://127.0.0.1:" + webPort + "/api/config");
    }

    private static byte[] body(int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) '#');
        return b;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip();
    }
}
