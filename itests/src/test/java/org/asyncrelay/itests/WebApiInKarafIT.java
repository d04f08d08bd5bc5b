package org.asyncrelay.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * #8: the REST API over real HTTP, on the web UI's own Jetty in the project's distribution: every
 * endpoint and error without auth, then with Basic auth from the YAML file and from Karaf's JAAS
 * realm, and web_ui changes applied at runtime.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebApiInKarafIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<String> SEED_STATS = List.of(
            "tcp_connections",
            "tcp_active",
            "tcp_bytes_sent",
            "tcp_bytes_received",
            "udp_packets",
            "udp_bytes_sent",
            "udp_bytes_received");
    static final List<String> SEED_BACKEND =
            List.of("position", "host", "port", "resolved_ips", "failures", "original_index");

    static final String TESTER = "tester";
    static final String TESTER_PASSWORD = "t3st-only-pw";

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    org.osgi.framework.BundleContext context;

    private final int consolePort = freePort();

    @Configuration
    public Option[] config() throws IOException {
        return options(
                Distribution.withFreePorts(consolePort),
                // #14: the distribution has no account; this test brings its own
                editConfigurationFilePut("etc/users.properties", TESTER, TESTER_PASSWORD + ",_g_:admingroup"),
                systemProperty("relay.test.console.port").value(String.valueOf(consolePort)));
    }

    @Test
    public void restApiWithoutAuthThenWithBasicAuthAndJaas() throws Exception {
        Path dir = Files.createTempDirectory("webapi");
        Path yaml = dir.resolve("config.yaml");
        try (ServerSocket backend = Loopback.echo("A:")) {
            int webPort = Loopback.freePort();
            int relayPort = Loopback.freePort();
            int deadPort = Loopback.freePort();
            Files.writeString(yaml, webUi(webPort, "") + service("web-a", relayPort, backend.getLocalPort()));
            org.osgi.service.cm.Configuration bridge = configAdmin.getConfiguration("org.asyncrelay.config", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("path", yaml.toString());
            props.put("reload.delay", 0.2d);
            bridge.update(props);

            Http web = Http.at(webPort);
            await().atMost(WAIT).ignoreExceptions().until(() -> web.get("/api/status").status == 200);
            assertEquals("A:hi", Loopback.exchange(relayPort, "hi"));

            statusHasTheSeedShape(web, relayPort);
            staticFilesAndErrors(web);
            readOnlyWithoutAuthentication(web, yaml, backend.getLocalPort());

            Http admin = basicAuthFromTheFile(web, yaml, webPort, relayPort, backend.getLocalPort());
            configEndpoints(admin, yaml);
            testBackend(admin, backend.getLocalPort(), deadPort);
            operatorActions(admin, relayPort, backend.getLocalPort());
            hookCommandsComeFromTheFileOnly(admin, yaml, webPort, relayPort, deadPort);
            Files.writeString(yaml, webUi(webPort, BASIC_AUTH) + service("web-a", relayPort, backend.getLocalPort()));
            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> "config.yaml"
                                    .equals(admin.get("/api/config/source")
                                            .json()
                                            .get("source")
                                            .asText())
                            && Loopback.exchange(relayPort, "back").equals("A:back"));

            // the seed's PUT: a JSON configuration object; saved as config.runtime.yaml and applied
            int movedPort = Loopback.freePort();
            Http.Reply put = admin.json(
                    "PUT",
                    "/api/config",
                    "{\"web_ui\": {\"enabled\": true, \"port\": " + webPort + ", \"auth\": {\"enabled\": true,"
                            + " \"username\": \"admin\", \"password\": \"********\"}}, \"services\": [{\"name\":"
                            + " \"web-a\", \"protocol\": \"tcp\", \"listen\": {\"address\": \"127.0.0.1\", \"port\": "
                            + movedPort + "}, \"backends\": [\"127.0.0.1:" + backend.getLocalPort() + "\"]}]}");
            assertEquals(put.toString(), 200, put.status);
            assertEquals("ui_modified", put.json().get("source").asText());
            String runtime = Files.readString(dir.resolve("config.runtime.yaml"));
            assertTrue(runtime.contains("base_config_hash"));
            assertTrue("the mask kept the password in force", runtime.contains("pa:ss wörd"));
            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> Loopback.exchange(movedPort, "moved").equals("A:moved"));
            assertEquals(
                    "ui_modified",
                    admin.get("/api/config/source").json().get("source").asText());
            Http.Reply reload = admin.json("POST", "/api/config/reload", null);
            assertEquals(reload.toString(), 200, reload.status);
            assertEquals("ui_modified", reload.json().get("source").asText());
            assertEquals(401, web.as("admin", "********").get("/api/status").status);

            jaasRealm(web, yaml, webPort, relayPort, backend.getLocalPort());
            consolePage(relayPort);
            assertEquals(401, web.get("/metrics").status);
            assertEquals(
                    404, Http.at(Integer.getInteger("relay.test.console.port")).get("/metrics").status);

            // web_ui changes apply at runtime: a new port, then off
            int newWebPort = Loopback.freePort();
            Files.writeString(yaml, webUi(newWebPort, "") + service("web-a", relayPort, backend.getLocalPort()));
            Http moved = Http.at(newWebPort);
            await().atMost(WAIT).ignoreExceptions().until(() -> moved.get("/api/status").status == 200);
            await().atMost(WAIT).until(() -> !reachable(web));
            Files.writeString(
                    yaml,
                    "web_ui:\n  enabled: false\n  port: " + newWebPort + "\n"
                            + service("web-a", relayPort, backend.getLocalPort()));
            await().atMost(WAIT).until(() -> !reachable(moved));
            assertEquals("A:still relaying", Loopback.exchange(relayPort, "still relaying"));
            // #18: with the web UI off, /metrics is on Karaf's own HTTP port (and not while it was on)
            Http karaf = Http.at(Integer.getInteger("relay.test.console.port"));
            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() ->
                            karaf.get("/metrics").body.contains("asyncrelay_tcp_connections_total{service=\"web-a\"}"));
            assertTrue(karaf.get("/metrics").header("Content-Type").startsWith("text/plain; version=0.0.4"));
        }
    }

    /** #14: without authentication every change is refused with how to allow it, and nothing changes. */
    private void readOnlyWithoutAuthentication(Http web, Path yaml, int backendPort) throws Exception {
        assertTrue(web.get("/api/config/source").json().get("read_only").asBoolean());
        String backend = "{\"service\": \"web-a\", \"backend\": \"127.0.0.1:" + backendPort + "\"}";
        List<Http.Reply> refused = List.of(
                web.send("PUT", "/api/config", "application/yaml", Files.readString(yaml)),
                web.json("PUT", "/api/config", "{\"services\": []}"),
                web.json("POST", "/api/config/reload", null),
                web.json("POST", "/api/backends/drain", backend),
                web.json("POST", "/api/backends/disable", backend),
                web.json("POST", "/api/backends/enable", backend),
                web.json("POST", "/api/backends/reset-cooldown", backend),
                web.json("POST", "/api/test-backend", "{\"backend\": \"127.0.0.1:" + backendPort + "\"}"));
        for (Http.Reply r : refused) {
            assertEquals(r.toString(), 403, r.status);
            assertTrue(r.body, r.json().get("error").asText().contains("web_ui.auth.enabled: true"));
        }
        assertFalse(Files.exists(yaml.resolveSibling("config.runtime.yaml")));
        JsonNode b = firstBackend(web);
        assertEquals("AVAILABLE", b.get("state").asText());
        // validating changes nothing: it stays open to a read-only UI's editor
        assertEquals(200, web.send("POST", "/api/config/validate", "application/yaml", "services: []\n").status);
    }

    /**
     * #14: a hook command runs as the relay's OS user: an API client may set one only when the file
     * on disk allows it, and a refused command never runs.
     */
    private void hookCommandsComeFromTheFileOnly(Http admin, Path yaml, int webPort, int relayPort, int deadPort)
            throws Exception {
        Path marker = yaml.resolveSibling("hook-ran");
        String dead = service("web-a", relayPort, deadPort);
        String hooked = webUi(webPort, BASIC_AUTH.replace("pa:ss wörd", "********")) + dead
                + "    event_hook:\n      command: /usr/bin/touch\n      args: [\"" + marker
                + "\"]\n      events: [backend_failed]\n";
        Files.writeString(yaml, webUi(webPort, BASIC_AUTH) + dead);
        await().atMost(WAIT).until(() -> deadPort(admin).equals("127.0.0.1:" + deadPort));

        Http.Reply refused = admin.send("PUT", "/api/config", "application/yaml", hooked);
        assertEquals(refused.toString(), 403, refused.status);
        JsonNode error = refused.json().get("errors").get(0);
        assertEquals("services[0].event_hook.command", error.get("path").asText());
        assertEquals(15, error.get("line").asInt());
        assertFalse(Files.exists(yaml.resolveSibling("config.runtime.yaml")));
        JsonNode check = admin.send("POST", "/api/config/validate", "application/yaml", hooked)
                .json();
        assertFalse(check.get("valid").asBoolean());
        assertTrue(admin.get("/api/config/source")
                .json()
                .get("hook_changes_allowed")
                .isBoolean());
        assertFalse(admin.get("/api/config/source")
                .json()
                .get("hook_changes_allowed")
                .asBoolean());
        // the backend fails into cooldown: backend_failed, and no command
        await().atMost(WAIT).until(() -> failThroughRelay(relayPort) && cooling(admin));
        assertFalse(Files.exists(marker));
        assertEquals(
                0,
                admin.get("/api/status").json().get("hooks").get("recent_runs").size());

        // the file allows it: the same PUT is saved, and its command runs on the next failure
        Files.writeString(yaml, webUi(webPort, BASIC_AUTH + "  allow_hook_changes: true\n") + dead);
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> admin.get("/api/config/source")
                        .json()
                        .get("hook_changes_allowed")
                        .asBoolean());
        Http.Reply allowed = admin.send("PUT", "/api/config", "application/yaml", hooked);
        assertEquals(allowed.toString(), 200, allowed.status);
        Http.Reply reset = admin.json(
                "POST",
                "/api/backends/reset-cooldown",
                "{\"service\": \"web-a\", \"backend\": \"127.0.0.1:" + deadPort + "\"}");
        assertEquals(reset.toString(), 200, reset.status);
        await().atMost(WAIT).until(() -> failThroughRelay(relayPort) && Files.exists(marker));
    }

    /** services[0].backend_pool.backends[0] of the status. */
    private static JsonNode firstBackend(Http web) throws Exception {
        return web.get("/api/status")
                .json()
                .get("services")
                .get(0)
                .get("backend_pool")
                .get("backends")
                .get(0);
    }

    private static String deadPort(Http admin) throws Exception {
        JsonNode b = firstBackend(admin);
        return b.get("host").asText() + ":" + b.get("port").asText();
    }

    private static boolean cooling(Http admin) throws Exception {
        return firstBackend(admin).get("state").asText().equals("COOLING");
    }

    /** A client of a service whose backend is down: the relay closes it. */
    private static boolean failThroughRelay(int relayPort) {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), relayPort)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write('x');
            s.getInputStream().read();
        } catch (IOException closed) {
            // a reset is as good as a close here
        }
        return true;
    }

    private void statusHasTheSeedShape(Http web, int relayPort) throws Exception {
        JsonNode status = web.get("/api/status").json();
        assertEquals(1, status.get("total_services").asInt());
        assertTrue(status.get("dns_cache").isObject());
        JsonNode s = status.get("services").get(0);
        assertEquals("web-a", s.get("name").asText());
        assertEquals("127.0.0.1:" + relayPort, s.get("listen").asText());
        assertEquals("RUNNING", s.get("state").asText());
        for (String key : SEED_STATS) {
            assertTrue("stats." + key + " in " + s, s.get("stats").get(key).isNumber());
        }
        assertTrue(s.get("stats").get("tcp_connections").asLong() >= 1);
        JsonNode pool = s.get("backend_pool");
        assertEquals("web-a", pool.get("service").asText());
        assertEquals(1, pool.get("total_backends").asInt());
        assertFalse(pool.get("health_check_enabled").asBoolean());
        JsonNode b = pool.get("backends").get(0);
        for (String key : SEED_BACKEND) {
            assertNotNull("backends[0]." + key + " in " + b, b.get(key));
        }
        assertEquals("AVAILABLE", b.get("state").asText());
        assertTrue(b.get("stats").get("tcp_bytes_sent").asLong() > 0);
    }

    private void staticFilesAndErrors(Http web) throws Exception {
        Http.Reply index = web.get("/");
        assertEquals(200, index.status);
        assertTrue(index.header("Content-Type").startsWith("text/html"));
        assertTrue(index.body.contains("async-relay"));
        assertNotNull(index.header("Content-Security-Policy"));
        assertEquals(200, web.get("/app.js").status);
        assertEquals(200, web.get("/app.css").status);

        for (String path : List.of("/nope", "/api/nope", "/api/config/nope", "/ui/app.js", "/META-INF/MANIFEST.MF")) {
            Http.Reply r = web.get(path);
            assertEquals(path + ": " + r, 404, r.status);
            assertTrue(r.header("Content-Type").startsWith("application/json"));
            assertFalse(r.json().get("error").asText().isEmpty());
        }
        Http.Reply traversal = web.get("/../etc/passwd");
        assertEquals("Jetty refuses it before any servlet", 400, traversal.status);
        assertFalse(traversal.body.contains("root:"));
        // another site's page cannot post to the API with the browser's credentials
        Http.Reply crossSite = web.send("POST", "/api/config/reload", "text/plain", "", "http://evil.example");
        assertEquals(crossSite.toString(), 403, crossSite.status);
        Http.Reply sameSite = web.send(
                "POST", "/api/config/validate", "application/yaml", "services: []\n", "http://127.0.0.1:" + web.port());
        assertEquals(sameSite.toString(), 200, sameSite.status);
        Http.Reply wrongMethod = web.send("DELETE", "/api/status", null, null);
        assertEquals(405, wrongMethod.status);
        assertEquals("GET", wrongMethod.header("Allow"));
    }

    private void configEndpoints(Http web, Path yaml) throws Exception {
        JsonNode config = web.get("/api/config").json();
        assertEquals("config.yaml", config.get("source").asText());
        assertEquals(
                "web-a", config.get("config").get("services").get(0).get("name").asText());
        assertEquals(
                Files.readString(yaml).replace("pa:ss wörd", "********"),
                config.get("yaml").asText());

        JsonNode source = web.get("/api/config/source").json();
        assertEquals("config.yaml", source.get("source").asText());
        assertEquals(yaml.toString(), source.get("config_path").asText());
        assertEquals(
                yaml.resolveSibling("config.runtime.yaml").toString(),
                source.get("runtime_path").asText());

        // an invalid configuration: 400 with the field path and line, nothing saved
        Http.Reply invalid = web.json(
                "PUT",
                "/api/config",
                "{\"yaml\": \"services:\\n  - name: x\\n    listen: {port: 0}\\n    backends: [\\\"a:1\\\"]\\n\"}");
        assertEquals(invalid.toString(), 400, invalid.status);
        JsonNode error = invalid.json().get("errors").get(0);
        assertEquals("services[0].listen.port", error.get("path").asText());
        assertEquals(3, error.get("line").asInt());
        assertEquals("expected an integer 1-65535, got 0", error.get("message").asText());
        assertFalse(Files.exists(yaml.resolveSibling("config.runtime.yaml")));

        Http.Reply validate = web.send("POST", "/api/config/validate", "application/yaml", "services: 5\n");
        assertEquals(200, validate.status);
        assertFalse(validate.json().get("valid").asBoolean());
        assertEquals(
                "services", validate.json().get("errors").get(0).get("path").asText());

        List<String> badBodies = List.of("{bad", "[]", "{\"yaml\": 5}", "{\"config\": 3}", "{\"foo\": 1}", "", "{} {}");
        for (String body : badBodies) {
            Http.Reply r = web.json("PUT", "/api/config", body);
            assertEquals(body + " -> " + r, 400, r.status);
            assertFalse(r.body.contains("Exception"));
        }
        Http.Reply wrongType =
                web.json("PUT", "/api/config", "{\"services\": [{\"name\": \"x\", \"listen\": {\"port\": \"http\"}}]}");
        assertEquals(400, wrongType.status);
        assertTrue(wrongType.body, wrongType.body.contains("services[0].listen.port"));

        Http.Reply tooLarge = web.send("PUT", "/api/config", "application/yaml", "#".repeat(1_048_577));
        assertEquals(413, tooLarge.status);
        assertFalse(Files.exists(yaml.resolveSibling("config.runtime.yaml")));
        assertEquals(
                "config.yaml",
                web.get("/api/config/source").json().get("source").asText());
    }

    private void testBackend(Http web, int livePort, int deadPort) throws Exception {
        JsonNode ok = web.json("POST", "/api/test-backend", "{\"backend\": \"127.0.0.1:" + livePort + "\"}")
                .json();
        assertTrue(ok.toString(), ok.get("success").asBoolean());
        assertTrue(ok.get("latency_ms").isNumber());
        JsonNode byName = web.json("POST", "/api/test-backend", "{\"backend\": \"localhost:" + livePort + "\"}")
                .json();
        assertTrue(byName.toString(), byName.get("success").asBoolean());
        JsonNode refused = web.json("POST", "/api/test-backend", "{\"backend\": \"127.0.0.1:" + deadPort + "\"}")
                .json();
        assertFalse(refused.get("success").asBoolean());
        assertFalse(refused.get("error").asText().isEmpty());
        for (String body : List.of(
                "{}",
                "{\"backend\": 5}",
                "{\"backend\": \"nonsense\"}",
                "{\"backend\": \"h:99999\"}",
                "{\"backend\": \"[zz]:1\"}",
                "not json")) {
            Http.Reply r = web.json("POST", "/api/test-backend", body);
            assertEquals(body + " -> " + r, 400, r.status);
            assertTrue(r.json().get("error").asText().startsWith(body.startsWith("{") ? "backend" : "malformed"));
        }
    }

    private void operatorActions(Http web, int relayPort, int backendPort) throws Exception {
        String backend = "\"backend\": \"127.0.0.1:" + backendPort + "\"";
        Http.Reply drained = web.json("POST", "/api/backends/drain", "{\"service\": \"web-a\", " + backend + "}");
        assertEquals(drained.toString(), 200, drained.status);
        assertEquals("DRAINING", drained.json().get("state").asText());
        assertEquals("DRAINING", firstBackend(web).get("state").asText());
        Http.Reply enabled = web.json("POST", "/api/backends/enable", "{\"service\": \"web-a\", " + backend + "}");
        assertEquals("AVAILABLE", enabled.json().get("state").asText());
        assertEquals("A:after enable", Loopback.exchange(relayPort, "after enable"));

        assertEquals(404, web.json("POST", "/api/backends/drain", "{\"service\": \"nope\", " + backend + "}").status);
        assertEquals(
                404,
                web.json("POST", "/api/backends/drain", "{\"service\": \"web-a\", \"backend\": \"127.0.0.1:1\"}")
                        .status);
        assertEquals(
                404, web.json("POST", "/api/backends/explode", "{\"service\": \"web-a\", " + backend + "}").status);
        Http.Reply noService = web.json("POST", "/api/backends/disable", "{" + backend + "}");
        assertEquals(400, noService.status);
        assertTrue(noService.body, noService.json().get("error").asText().startsWith("service: required"));
    }

    static final String BASIC_AUTH = "  auth:\n    enabled: true\n    username: admin\n    password: \"pa:ss wörd\"\n";

    private Http basicAuthFromTheFile(Http web, Path yaml, int webPort, int relayPort, int backend) throws Exception {
        Files.writeString(yaml, webUi(webPort, BASIC_AUTH) + service("web-a", relayPort, backend));
        await().atMost(WAIT).ignoreExceptions().until(() -> web.get("/api/status").status == 401);
        Http.Reply refused = web.get("/api/status");
        assertEquals("Basic realm=\"async-relay\", charset=\"UTF-8\"", refused.header("WWW-Authenticate"));
        assertEquals(401, web.get("/").status);
        assertEquals(401, web.get("/nope").status);
        assertEquals(401, web.as("admin", "wrong").get("/api/status").status);
        assertEquals(401, web.as("Admin", "pa:ss wörd").get("/api/status").status);
        Http admin = web.as("admin", "pa:ss wörd");
        assertEquals(200, admin.get("/api/status").status);
        assertEquals(200, admin.get("/").status);

        // the password never leaves the server; sending the mask back keeps it
        Http.Reply config = admin.get("/api/config");
        assertFalse(config.body, config.body.contains("wörd"));
        assertEquals(
                "********",
                config.json()
                        .get("config")
                        .get("web_ui")
                        .get("auth")
                        .get("password")
                        .asText());
        assertFalse(admin.get("/api/config/source").json().get("read_only").asBoolean());
        // the UI's servlet context is registered with fixed properties: no password among them,
        // and no re-registration (a moment without context, answered 404) when the settings change
        org.osgi.framework.ServiceReference<?>[] contexts = context.getServiceReferences(
                "org.osgi.service.http.context.ServletContextHelper", "(osgi.http.whiteboard.context.name=relayui)");
        assertEquals(1, contexts.length);
        for (String key : contexts[0].getPropertyKeys()) {
            assertFalse(key, key.startsWith("auth."));
        }
        return admin;
    }

    private void jaasRealm(Http web, Path yaml, int webPort, int relayPort, int backend) throws Exception {
        Files.writeString(
                yaml,
                webUi(webPort, "  auth:\n    enabled: true\n    realm: karaf\n")
                        + service("web-a", relayPort, backend));
        // the test's own account in etc/users.properties, role admin
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> web.as(TESTER, TESTER_PASSWORD).get("/api/status").status == 200);
        assertEquals(401, web.as("admin", "pa:ss wörd").get("/api/status").status);
        assertEquals(401, web.as(TESTER, "wrong").get("/api/status").status);
        assertEquals(401, web.as("relay", "relay").get("/api/status").status);
        assertEquals(401, web.as("karaf", "karaf").get("/api/status").status);
        assertEquals(401, web.get("/api/status").status);
    }

    private void consolePage(int relayPort) throws Exception {
        Http console = Http.at(Integer.getInteger("relay.test.console.port")).as(TESTER, TESTER_PASSWORD);
        await().atMost(WAIT).ignoreExceptions().until(() -> console.get("/system/console/relay").status == 200);
        String page = console.get("/system/console/relay").body;
        assertTrue(page, page.contains("web-a") && page.contains("127.0.0.1:" + relayPort));
        // the configuration status (Felix Inventory): the same status as text
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> console.get("/system/console/status-asyncrelay.txt").status == 200);
        String inventory = console.get("/system/console/status-asyncrelay.txt").body;
        assertTrue(inventory, inventory.contains("web-a (tcp 127.0.0.1:" + relayPort + "): RUNNING"));
        Http anonymous = Http.at(Integer.getInteger("relay.test.console.port"));
        assertEquals(401, anonymous.get("/system/console/relay").status);
        assertEquals(401, anonymous.as("relay", "relay").get("/system/console/relay").status);
        assertEquals(401, anonymous.as("karaf", "karaf").get("/system/console/relay").status);
    }

    private static boolean reachable(Http web) {
        try {
            web.get("/");
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String webUi(int port, String auth) {
        return "web_ui:\n  enabled: true\n  listen_address: 127.0.0.1\n  port: " + port + "\n" + auth;
    }

    private static String service(String name, int port, int backend) {
        return "services:\n  - name: " + name + "\n    protocol: tcp\n    listen: {address: 127.0.0.1, port: " + port
                + "}\n    backends: [\"127.0.0.1:" + backend + "\"]\n";
    }

    private static int freePort() {
        try {
            return Loopback.freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
