package org.asyncrelay.config.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.yaml.snakeyaml.nodes.Node;

/** One entry of {@code services}, read by {@link ServiceSettings#ALL}; remembers names to report duplicates. */
final class ServiceReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final NodeReader reader;
    private final ProblemCollector problems;
    private final Map<String, Node> names = new HashMap<>();
    private final SettingsReader settings;

    ServiceReader(NodeReader reader) {
        this.reader = reader;
        this.problems = reader.problems();
        this.settings = new SettingsReader(
                reader,
                ServiceSettings.ALL,
                Map.of(
                        ServiceSettings.NAME, this::name,
                        ServiceSettings.LISTEN_ADDRESS, (n, path) -> Addresses.listenAddress(reader, n, path),
                        ServiceSettings.BACKENDS, this::backends));
    }

    Optional<SettingValues> read(Node node, String path) {
        int errorsBefore = problems.errors().size();
        Optional<SettingsReader.Read> maybeRead = settings.read(node, path);
        if (maybeRead.isEmpty()) {
            return Optional.empty();
        }
        SettingsReader.Read read = maybeRead.get();
        if (!read.has(ServiceSettings.NAME)) {
            problems.error(node, path + ".name", "missing: expected " + ServiceSettings.NAME.expected());
        }
        if (!read.blocks().containsKey("listen")) {
            problems.error(node, path + ".listen", "missing: expected a mapping with address and port");
        }
        SettingValues values = read.values();
        Node health = read.blocks().get("health_check");
        if (health != null) {
            int interval = values.get(ServiceSettings.HEALTH_CHECK_INTERVAL);
            int timeout = values.get(ServiceSettings.HEALTH_CHECK_TIMEOUT);
            if (timeout > interval) {
                Node at = read.given().getOrDefault(ServiceSettings.HEALTH_CHECK_TIMEOUT, health);
                problems.error(
                        at,
                        path + ".health_check.timeout",
                        "expected at most the interval (" + interval + " s), got " + timeout + " s");
            }
        }
        trafficControl(read, values, node, path);
        Node hook = read.blocks().get("event_hook");
        if (hook != null) {
            Node command = read.given().get(ServiceSettings.EVENT_HOOK_COMMAND);
            String c = values.get(ServiceSettings.EVENT_HOOK_COMMAND);
            if (command == null) {
                problems.error(hook, path + ".event_hook.command", "missing: expected a command path");
            } else if (c.isBlank()) {
                problems.error(command, path + ".event_hook.command", "expected a command path, got \"\"");
            } else {
                values = values.with(ServiceSettings.EVENT_HOOK_COMMAND, c.trim());
                warnIfNotExecutable(command, path + ".event_hook.command", c.trim());
            }
        }
        if (problems.errors().size() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(values);
    }

    /** What the traffic-control keys need of each other (#19). */
    private void trafficControl(SettingsReader.Read read, SettingValues values, Node node, String path) {
        Protocol protocol = Protocol.fromConfigValue(values.get(ServiceSettings.PROTOCOL));
        if (values.get(ServiceSettings.ACCEPT_PROXY_PROTOCOL)
                && values.get(ServiceSettings.PROXY_PROTOCOL_FROM).isEmpty()) {
            problems.error(
                    read.given().getOrDefault(ServiceSettings.PROXY_PROTOCOL_FROM, node),
                    path + ".proxy_protocol_from",
                    "expected the networks that may send a PROXY protocol header (required when"
                            + " accept_proxy_protocol is true)");
        }
        if (values.get(ServiceSettings.PROXY_PROTOCOL).equals("v1") && !protocol.carriesTcp()) {
            problems.error(
                    read.given().get(ServiceSettings.PROXY_PROTOCOL),
                    path + ".proxy_protocol",
                    "expected v2 for a UDP service: PROXY protocol v1 exists for TCP only");
        } else if (values.get(ServiceSettings.PROXY_PROTOCOL).equals("v1") && protocol.carriesUdp()) {
            problems.warning(
                    read.given().get(ServiceSettings.PROXY_PROTOCOL),
                    path + ".proxy_protocol",
                    "v1 exists for TCP only: datagrams go to the backends without a header (v2 has both)");
        }
        Node expect = read.given().get(ServiceSettings.HEALTH_CHECK_UDP_EXPECT);
        if (expect != null && values.get(ServiceSettings.HEALTH_CHECK_UDP_SEND).isEmpty()) {
            problems.error(
                    expect,
                    path + ".health_check.udp_expect",
                    "expected health_check.udp_send beside it: the" + " answer of which probe?");
        }
        Node send = read.given().get(ServiceSettings.HEALTH_CHECK_UDP_SEND);
        if (send != null && !protocol.carriesUdp()) {
            problems.warning(send, path + ".health_check.udp_send", "ignored: the service relays TCP only");
        }
        Node slowStart = read.given().get(ServiceSettings.SLOW_START);
        if (slowStart != null && values.get(ServiceSettings.SLOW_START) > 0 && !values.get(ServiceSettings.FAILBACK)) {
            problems.warning(
                    slowStart,
                    path + ".slow_start",
                    "has no effect without failback: true (a recovered backend stays at the end of the queue)");
        }
    }

    private Optional<String> name(Node n, String path) {
        return reader.string(n, path, ServiceSettings.NAME.expected()).flatMap(v -> {
            if (!NAME.matcher(v).matches()) {
                problems.error(
                        n,
                        path,
                        "expected a name of letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit), got \""
                                + v + "\"");
                return Optional.empty();
            }
            Node first = names.putIfAbsent(v, n);
            if (first != null) {
                problems.error(
                        n,
                        path,
                        "duplicate service name \"" + v + "\", first used at line "
                                + (first.getStartMark().getLine() + 1));
                return Optional.empty();
            }
            return Optional.of(v);
        });
    }

    private Optional<List<BackendAddress>> backends(Node n, String path) {
        List<BackendAddress> result = new ArrayList<>();
        reader.sequence(n, path, ServiceSettings.BACKENDS.plural()).ifPresent(items -> {
            if (items.isEmpty()) {
                problems.error(n, path, "expected at least one backend host:port, got an empty list");
            }
            Map<BackendAddress, Integer> seen = new HashMap<>();
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String itemPath = path + "[" + i + "]";
                int index = i;
                reader.string(item, itemPath, ServiceSettings.BACKENDS.expected())
                        .ifPresent(text -> {
                            try {
                                BackendAddress address = BackendAddress.parse(text);
                                Integer before = seen.putIfAbsent(address, index);
                                if (before != null) {
                                    problems.warning(
                                            item,
                                            itemPath,
                                            "backend " + address + " is listed twice (also at [" + before + "])");
                                }
                                result.add(address);
                            } catch (IllegalArgumentException e) {
                                problems.error(item, itemPath, e.getMessage());
                            }
                        });
            }
        });
        return Optional.of(List.copyOf(result));
    }

    /** A hook that cannot run is reported at load, but only as a warning: the file may appear later. */
    private void warnIfNotExecutable(Node at, String path, String command) {
        java.nio.file.Path p = java.nio.file.Path.of(command);
        if (p.isAbsolute() || command.contains("/")) {
            if (!java.nio.file.Files.isRegularFile(p)) {
                problems.warning(at, path, "hook command \"" + command + "\" does not exist");
            } else if (!java.nio.file.Files.isExecutable(p)) {
                problems.warning(at, path, "hook command \"" + command + "\" is not executable");
            }
            return;
        }
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVar.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, command))) {
                return;
            }
        }
        problems.warning(at, path, "hook command \"" + command + "\" is not found on the PATH");
    }
}
