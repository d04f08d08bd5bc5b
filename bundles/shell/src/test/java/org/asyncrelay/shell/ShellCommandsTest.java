package org.asyncrelay.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendEvent;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.RelayService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay:* commands against relay services given as Karaf's @Reference gives them. */
class ShellCommandsTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout;
    PrintStream stderr;

    final FakeService web = new FakeService("web", "a.example:80", "[2001:db8::1]:80");
    final FakeService dns = new FakeService("dns", "192.0.2.53:53");

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusListsServicesByNameWithTheirQueue() throws Exception {
        web.states.set(1, BackendState.COOLING);
        StatusCommand status = new StatusCommand();
        status.all = List.of(web, dns);
        status.execute();
        String table = out();
        assertThat(table.indexOf("dns")).isLessThan(table.indexOf("web"));
        assertThat(table).contains("[::]:8080", "RUNNING", "a.example:80, [2001:db8::1]:80 (COOLING 90 s)");

        out.reset();
        web.poolRegistered = false;
        status.service = "web";
        status.execute();
        assertThat(out()).contains("a.example:80, [2001:db8::1]:80").doesNotContain("dns");

        status.service = "nope";
        assertThatThrownBy(status::execute).hasMessage("No relay service named nope; services: dns, web");
    }

    @Test
    void statusSaysWhatTrafficControlIsInForceAndWhatItRefused() throws Exception {
        web.trafficControl = List.of("allow 2 networks", "PROXY protocol v2 to backends");
        web.tcpRefusals = new java.util.LinkedHashMap<>(Map.of("denied", 3L));
        web.tcpRefusals.put("max_connections", 0L);
        StatusCommand status = new StatusCommand();
        status.all = List.of(web, dns);
        status.execute();
        assertThat(out())
                .contains("web: allow 2 networks, PROXY protocol v2 to backends; refused: denied 3")
                .doesNotContain("dns:")
                .doesNotContain("max_connections");
    }

    @Test
    @SuppressWarnings("unchecked")
    void readCommandsPrintTheApisJsonWithJson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        StatusCommand status = new StatusCommand();
        status.all = List.of(web, dns);
        status.json = true;
        status.execute();
        Map<String, Object> doc = mapper.readValue(out(), Map.class);
        assertThat(doc).containsEntry("total_services", 2).containsEntry("recent_events", List.of());
        assertThat((List<Map<String, Object>>) doc.get("services"))
                .extracting(m -> m.get("name"))
                .containsExactly("dns", "web");

        out.reset();
        BackendsCommand backends = new BackendsCommand();
        backends.services = List.of(web, dns);
        backends.service = "web";
        backends.json = true;
        backends.execute();
        Map<String, Object> pool = mapper.readValue(out(), Map.class);
        assertThat(pool).containsEntry("service", "web").containsEntry("total_backends", 2);
        assertThat((List<Map<String, Object>>) pool.get("backends"))
                .extracting(m -> m.get("address"))
                .containsExactly("a.example:80", "[2001:db8::1]:80");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventsListTheNewestFirstAndTailLimitsThem() throws Exception {
        EventsCommand events = new EventsCommand();
        events.history = () -> List.of(
                new BackendEvent(
                        "2026-12-02T10:00:02Z",
                        "backend_recovered",
                        "web",
                        BackendAddress.parse("a.example:80"),
                        "192.0.2.1",
                        0,
                        2,
                        2),
                new BackendEvent(
                        "2026-12-02T10:00:01Z",
                        "backend_failed",
                        "web",
                        BackendAddress.parse("a.example:80"),
                        "192.0.2.1",
                        2,
                        1,
                        2));
        events.execute();
        String table = out();
        assertThat(table.indexOf("backend_recovered")).isLessThan(table.indexOf("backend_failed"));
        assertThat(table).contains("a.example:80", "1/2");

        out.reset();
        events.tail = 1;
        events.json = true;
        events.execute();
        List<Map<String, Object>> json = new ObjectMapper().readValue(out(), List.class);
        assertThat(json)
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .containsEntry("event", "backend_recovered")
                        .containsEntry("backend", "a.example:80"));

        events.tail = 0;
        assertThatThrownBy(events::execute).hasMessage("--tail 0: expected a number of events from 1");
    }

    @Test
    void testConnectsToEachAddressAndSaysHowLongItTook() throws Exception {
        TestCommand test = new TestCommand();
        try (java.net.ServerSocket up = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            test.address = "127.0.0.1:" + up.getLocalPort();
            test.execute();
            assertThat(out()).matches("127\\.0\\.0\\.1:\\d+ \\(127\\.0\\.0\\.1\\): connected in \\d+\\.\\d\\d ms\\n");
        }
        int closed;
        try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
        test.address = "127.0.0.1:" + closed;
        assertThatThrownBy(test::execute).hasMessage("127.0.0.1:" + closed + ": no address accepted");
        assertThat(out()).contains("(127.0.0.1): Connection refused");

        test.address = "nothing";
        assertThatThrownBy(test::execute).hasMessage("nothing: expected host:port, got \"nothing\" (no port)");
    }

    @Test
    void backendsShowsTheQueueWithTraffic() throws Exception {
        BackendsCommand backends = new BackendsCommand();
        backends.services = List.of(web, dns);
        backends.service = "web";
        backends.execute();
        assertThat(out()).contains("a.example:80", "192.0.2.1", "AVAILABLE", "[2001:db8::1]:80");

        backends.service = "other";
        assertThatThrownBy(backends::execute).hasMessage("No relay service named other; services: dns, web");
    }

    @Test
    void operatorActionsReachTheNamedServicesPool() throws Exception {
        DrainCommand drain = new DrainCommand();
        drain.services = List.of(web, dns);
        drain.service = "web";
        drain.backend = "a.example:80";
        drain.execute();
        assertThat(out()).contains("relay web: backend a.example:80 drained");
        assertThat(web.actions).containsExactly("drain a.example:80");
        assertThat(web.states.get(0)).isEqualTo(BackendState.DRAINING);

        drain.backend = "b.example:80";
        assertThatThrownBy(drain::execute)
                .hasMessage("relay web has no backend b.example:80; its backends: a.example:80, [2001:db8::1]:80");

        drain.backend = "no-port";
        assertThatThrownBy(drain::execute).hasMessageStartingWith("Backend no-port: expected host:port");

        EnableCommand enable = new EnableCommand();
        enable.services = List.of(dns);
        enable.service = "web";
        enable.backend = "a.example:80";
        assertThatThrownBy(enable::execute).hasMessage("No relay service named web; services: dns");
        assertThat(web.actions).containsExactly("drain a.example:80");
    }

    @Test
    void completersOfferRunningServicesAndTheNamedServicesBackends() {
        ServiceNameCompleter names = new ServiceNameCompleter();
        names.services = List.of(web, dns);
        List<String> candidates = new ArrayList<>();
        names.complete(null, new Line("relay:backends", ""), candidates);
        assertThat(candidates).extracting(String::trim).containsExactlyInAnyOrder("dns", "web");

        BackendNameCompleter backends = new BackendNameCompleter();
        backends.services = List.<RelayService>of(web, dns);
        candidates.clear();
        backends.complete(null, new Line("relay:drain", "web", ""), candidates);
        assertThat(candidates).extracting(String::trim).containsExactlyInAnyOrder("a.example:80", "[2001:db8::1]:80");
    }

    /** A command line whose last argument is being completed. */
    record Line(String... args) implements org.apache.karaf.shell.api.console.CommandLine {
        @Override
        public int getCursorArgumentIndex() {
            return args.length - 1;
        }

        @Override
        public String getCursorArgument() {
            return args[args.length - 1];
        }

        @Override
        public int getArgumentPosition() {
            return 0;
        }

        @Override
        public String[] getArguments() {
            return args;
        }

        @Override
        public int getBufferPosition() {
            return String.join(" ", args).length();
        }

        @Override
        public String getBuffer() {
            return String.join(" ", args);
        }
    }
}
