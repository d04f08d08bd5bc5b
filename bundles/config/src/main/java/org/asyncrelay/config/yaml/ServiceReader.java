package org.asyncrelay.config.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.config.model.EventHookSettings;
import org.asyncrelay.config.model.HealthCheckSettings;
import org.asyncrelay.config.model.ServiceDefinition;
import org.yaml.snakeyaml.nodes.Node;

/** One entry of {@code services}; remembers names to report duplicates. */
final class ServiceReader {

    private static final Set<String> KEYS = new LinkedHashSet<>(List.of(
            "name",
            "protocol",
            "listen",
            "backends",
            "backend_cooldown",
            "health_check",
            "event_hook",
            "connect_timeout",
            "idle_timeout",
            "udp_idle_timeout",
            "udp_max_sessions",
            "failback",
            "splice"));
    private static final Set<String> LISTEN_KEYS = new LinkedHashSet<>(List.of("address", "port", "backlog"));
    private static final Set<String> HEALTH_KEYS = new LinkedHashSet<>(List.of("enabled", "interval", "timeout"));
    private static final Set<String> HOOK_KEYS = new LinkedHashSet<>(List.of("command", "args", "events", "timeout"));
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long DAY = 86_400;
    private static final long YEAR = 365 * DAY;

    private final NodeReader reader;
    private final ProblemCollector problems;
    private final Map<String, Node> names = new HashMap<>();

    ServiceReader(NodeReader reader) {
        this.reader = reader;
        this.problems = reader.problems();
    }

    Optional<ServiceDefinition> read(Node node, String path) {
        Optional<Map<String, Node>> maybeFields = reader.fields(node, path, KEYS);
        if (maybeFields.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> f = maybeFields.get();
        int errorsBefore = problems.errors().size();

        Optional<String> name =
                required(f, node, path, "name", "a service name").flatMap(n -> name(n, path + ".name"));
        Protocol protocol = field(f, "protocol")
                .flatMap(n -> reader.string(n, path + ".protocol", "tcp, udp or both")
                        .flatMap(v -> protocol(n, path + ".protocol", v)))
                .orElse(Protocol.BOTH);
        String listenAddress = ServiceDefinition.DEFAULT_LISTEN_ADDRESS;
        int listenPort = 0;
        int backlog = ServiceDefinition.DEFAULT_BACKLOG;
        Node listen = f.get("listen");
        if (listen == null) {
            problems.error(node, path + ".listen", "missing: expected a mapping with address and port");
        } else {
            Optional<Map<String, Node>> lf = reader.fields(listen, path + ".listen", LISTEN_KEYS);
            if (lf.isPresent()) {
                listenAddress = field(lf.get(), "address")
                        .flatMap(n -> Addresses.listenAddress(reader, n, path + ".listen.address"))
                        .orElse(ServiceDefinition.DEFAULT_LISTEN_ADDRESS);
                listenPort = required(lf.get(), listen, path + ".listen", "port", "an integer 1-65535")
                        .flatMap(n -> reader.integer(n, path + ".listen.port", 1, 65535, "an integer 1-65535"))
                        .map(Long::intValue)
                        .orElse(0);
                backlog = field(lf.get(), "backlog")
                        .flatMap(n -> reader.integer(n, path + ".listen.backlog", 1, 65535, "an integer 1-65535"))
                        .map(Long::intValue)
                        .orElse(ServiceDefinition.DEFAULT_BACKLOG);
            }
        }
        List<BackendAddress> backends = required(f, node, path, "backends", "a list of host:port")
                .map(n -> backends(n, path + ".backends"))
                .orElse(List.of());
        long cooldown = field(f, "backend_cooldown")
                .flatMap(n -> seconds(n, path + ".backend_cooldown", 0, YEAR))
                .orElse(ServiceDefinition.DEFAULT_COOLDOWN);
        HealthCheckSettings health = field(f, "health_check")
                .flatMap(n -> health(n, path + ".health_check"))
                .orElse(HealthCheckSettings.DEFAULTS);
        EventHookSettings hook = field(f, "event_hook")
                .flatMap(n -> hook(n, path + ".event_hook"))
                .orElse(EventHookSettings.NONE);
        int connectTimeout = field(f, "connect_timeout")
                .flatMap(n -> seconds(n, path + ".connect_timeout", 1, 3600))
                .map(Long::intValue)
                .orElse(ServiceDefinition.DEFAULT_CONNECT_TIMEOUT);
        int idleTimeout = field(f, "idle_timeout")
                .flatMap(n -> seconds(n, path + ".idle_timeout", 1, 7 * DAY))
                .map(Long::intValue)
                .orElse(ServiceDefinition.DEFAULT_IDLE_TIMEOUT);
        int udpIdleTimeout = field(f, "udp_idle_timeout")
                .flatMap(n -> seconds(n, path + ".udp_idle_timeout", 1, 7 * DAY))
                .map(Long::intValue)
                .orElse(ServiceDefinition.DEFAULT_UDP_IDLE_TIMEOUT);
        int udpMaxSessions = field(f, "udp_max_sessions")
                .flatMap(n -> reader.integer(n, path + ".udp_max_sessions", 1, 1_000_000, "an integer 1-1000000"))
                .map(Long::intValue)
                .orElse(ServiceDefinition.DEFAULT_UDP_MAX_SESSIONS);

        boolean failback = field(f, "failback")
                .flatMap(n -> reader.bool(n, path + ".failback"))
                .orElse(false);
        boolean splice = field(f, "splice")
                .flatMap(n -> reader.bool(n, path + ".splice"))
                .orElse(false);

        if (problems.errors().size() > errorsBefore || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServiceDefinition(
                name.get(),
                protocol,
                listenAddress,
                listenPort,
                backends,
                cooldown,
                health,
                hook,
                connectTimeout,
                idleTimeout,
                backlog,
                udpIdleTimeout,
                udpMaxSessions,
                failback,
                splice));
    }

    private Optional<String> name(Node n, String path) {
        return reader.string(n, path, "a service name").flatMap(v -> {
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

    private Optional<Protocol> protocol(Node n, String path, String value) {
        try {
            return Optional.of(Protocol.fromConfigValue(value));
        } catch (IllegalArgumentException e) {
            problems.error(n, path, e.getMessage());
            return Optional.empty();
        }
    }

    private List<BackendAddress> backends(Node n, String path) {
        List<BackendAddress> result = new ArrayList<>();
        reader.sequence(n, path, "host:port").ifPresent(items -> {
            if (items.isEmpty()) {
                problems.error(n, path, "expected at least one backend host:port, got an empty list");
            }
            Map<BackendAddress, Integer> seen = new HashMap<>();
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String itemPath = path + "[" + i + "]";
                int index = i;
                reader.string(item, itemPath, "host:port or [ipv6]:port").ifPresent(text -> {
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
        return result;
    }

    private Optional<HealthCheckSettings> health(Node n, String path) {
        return reader.fields(n, path, HEALTH_KEYS).map(f -> {
            HealthCheckSettings d = HealthCheckSettings.DEFAULTS;
            boolean enabled = field(f, "enabled")
                    .flatMap(v -> reader.bool(v, path + ".enabled"))
                    .orElse(d.enabled());
            Optional<Long> interval = field(f, "interval").flatMap(v -> seconds(v, path + ".interval", 1, DAY));
            Optional<Long> timeout = field(f, "timeout").flatMap(v -> seconds(v, path + ".timeout", 1, DAY));
            int i = interval.map(Long::intValue).orElse(d.interval());
            int t = timeout.map(Long::intValue).orElse(d.timeout());
            if (t > i) {
                Node at = f.containsKey("timeout") ? f.get("timeout") : n;
                problems.error(at, path + ".timeout", "expected at most the interval (" + i + " s), got " + t + " s");
            }
            return new HealthCheckSettings(enabled, i, t);
        });
    }

    private Optional<EventHookSettings> hook(Node n, String path) {
        return reader.fields(n, path, HOOK_KEYS).flatMap(f -> {
            Optional<String> command = required(f, n, path, "command", "a command path")
                    .flatMap(v -> reader.string(v, path + ".command", "a command path"));
            command.filter(String::isBlank)
                    .ifPresent(c ->
                            problems.error(f.get("command"), path + ".command", "expected a command path, got \"\""));
            List<String> args = field(f, "args")
                    .map(v -> strings(v, path + ".args", "arguments"))
                    .orElse(List.of());
            List<String> events =
                    field(f, "events").map(v -> events(v, path + ".events")).orElse(EventHookSettings.EVENTS);
            int timeout = field(f, "timeout")
                    .flatMap(v -> seconds(v, path + ".timeout", 1, DAY))
                    .map(Long::intValue)
                    .orElse(EventHookSettings.NONE.timeout());
            command.filter(c -> !c.isBlank())
                    .ifPresent(c -> warnIfNotExecutable(f.get("command"), path + ".command", c.trim()));
            return command.map(c -> new EventHookSettings(c.trim(), args, events, timeout));
        });
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

    private List<String> events(Node n, String path) {
        List<String> result = new ArrayList<>();
        reader.sequence(n, path, "event names").ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String itemPath = path + "[" + i + "]";
                reader.string(item, itemPath, "an event name").ifPresent(e -> {
                    if (EventHookSettings.EVENTS.contains(e)) {
                        result.add(e);
                    } else {
                        String hint = Suggestions.closest(e, EventHookSettings.EVENTS)
                                .map(s -> " (did you mean \"" + s + "\"?)")
                                .orElse("");
                        problems.error(
                                item,
                                itemPath,
                                "expected one of " + String.join(", ", EventHookSettings.EVENTS) + ", got \"" + e + "\""
                                        + hint);
                    }
                });
            }
        });
        return result;
    }

    private List<String> strings(Node n, String path, String of) {
        List<String> result = new ArrayList<>();
        reader.sequence(n, path, of).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                reader.string(items.get(i), path + "[" + i + "]", "a string").ifPresent(result::add);
            }
        });
        return result;
    }

    private Optional<Long> seconds(Node n, String path, long min, long max) {
        String expected = min == 0
                ? "a number of seconds, 0 or more (at most " + max + ")"
                : "a number of seconds, " + min + " to " + max;
        return reader.integer(n, path, min, max, expected);
    }

    private Optional<Node> required(Map<String, Node> fields, Node parent, String path, String key, String expected) {
        Node n = fields.get(key);
        if (n == null) {
            problems.error(parent, NodeReader.join(path, key), "missing: expected " + expected);
        }
        return Optional.ofNullable(n);
    }

    private static Optional<Node> field(Map<String, Node> fields, String key) {
        return Optional.ofNullable(fields.get(key));
    }
}
