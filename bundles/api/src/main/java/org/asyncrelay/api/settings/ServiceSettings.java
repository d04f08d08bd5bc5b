package org.asyncrelay.api.settings;

import java.util.List;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.ProbePayload;
import org.asyncrelay.api.RelayEvents;
import org.asyncrelay.api.RelayPids;

/**
 * The settings of one relay service: an entry of the YAML file's {@code services} list and a
 * {@value RelayPids#SERVICE_FACTORY} factory configuration. A new per-service setting is one
 * constant here, in {@link #ALL}, and the code that uses it.
 */
public final class ServiceSettings {

    /** Metatype: the form of a service configuration. */
    public static final String NAME_HINT = "{name} {listen.address}:{listen.port} -> {backends}";

    private static final int DAY = 86_400;
    private static final int WEEK = 7 * DAY;
    private static final int YEAR = 365 * DAY;

    public static final Setting<String> NAME = Setting.text("name", "", "a service name")
            .described("Name", "Used in logs, hooks and relay:status; defaults to the configuration's name.");
    public static final Setting<String> PROTOCOL = Setting.choice("protocol", "both", "tcp", "udp", "both")
            .described("Protocol", "What is relayed on the port.");
    public static final Setting<String> LISTEN_ADDRESS = Setting.text(
                    "listen.address", "0.0.0.0", "an IP address or host name")
            .described("Listen address", "IP address or host name; 0.0.0.0 for IPv4, :: for dual-stack.");
    public static final Setting<Integer> LISTEN_PORT =
            Setting.count("listen.port", null, 1, 65535).described("Listen port", "");
    public static final Setting<Integer> LISTEN_BACKLOG = Setting.count("listen.backlog", 4096, 1, 65535)
            .described("Listen backlog", "Pending TCP connections the kernel queues.");
    public static final Setting<List<BackendAddress>> BACKENDS =
            Setting.backends("backends").described("Backends", "host:port or [ipv6]:port, by priority.");
    public static final Setting<Integer> BACKEND_COOLDOWN = Setting.seconds("backend_cooldown", 1800, 0, YEAR)
            .described("Backend cooldown (s)", "How long a backend that failed twice is skipped; 0 disables.");
    public static final Setting<Boolean> HEALTH_CHECK_ENABLED = Setting.flag("health_check.enabled", false)
            .described("Health checks", "Probe backends with a TCP connect.");
    public static final Setting<Integer> HEALTH_CHECK_INTERVAL =
            Setting.seconds("health_check.interval", 60, 1, DAY).described("Health check interval (s)", "");
    public static final Setting<Integer> HEALTH_CHECK_TIMEOUT = Setting.seconds("health_check.timeout", 5, 1, DAY)
            .described("Health check timeout (s)", "At most the interval.");
    public static final Setting<String> HEALTH_CHECK_UDP_SEND = Setting.text(
                    "health_check.udp_send", "", "\"hex:...\" or \"text:...\"")
            .checked(ProbePayload::problem)
            .described(
                    "UDP health check payload",
                    "UDP and both: the datagram a probe sends, hex:0001... or text:...; empty: UDP is not probed.");
    public static final Setting<String> HEALTH_CHECK_UDP_EXPECT = Setting.text(
                    "health_check.udp_expect", "", "\"hex:...\" or \"text:...\"")
            .checked(ProbePayload::problem)
            .described(
                    "UDP health check answer",
                    "What the probe's answer must start with, hex:... or text:...; empty: any answer counts.");
    public static final Setting<String> EVENT_HOOK_COMMAND = Setting.text("event_hook.command", "", "a command path")
            .described("Event hook command", "Program run on backend events, without a shell; empty for none.");
    public static final Setting<List<String>> EVENT_HOOK_ARGS =
            Setting.textList("event_hook.args", "arguments", "a string").described("Event hook arguments", "");
    public static final Setting<List<String>> EVENT_HOOK_EVENTS = Setting.choices(
                    "event_hook.events",
                    "event names",
                    "an event name",
                    RelayEvents.BACKEND_FAILED,
                    RelayEvents.ALL_BACKENDS_UNAVAILABLE,
                    RelayEvents.BACKEND_RECOVERED)
            .described("Event hook events", "The events the command runs for.");
    public static final Setting<Integer> EVENT_HOOK_TIMEOUT =
            Setting.seconds("event_hook.timeout", 30, 1, DAY).described("Event hook timeout (s)", "");
    public static final Setting<Integer> CONNECT_TIMEOUT = Setting.seconds("connect_timeout", 5, 1, 3600)
            .described("Connect timeout (s)", "Per backend connect attempt.");
    public static final Setting<Integer> IDLE_TIMEOUT = Setting.seconds("idle_timeout", 60, 1, WEEK)
            .described("Idle timeout (s)", "A connection with no traffic either way is closed.");
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.count("max_connections", 0, 0, 1_000_000)
            .described(
                    "TCP connections at most",
                    "Connections relayed at once; more are refused when accepted (closed at once). 0: no limit.");
    public static final Setting<Integer> MAX_CONNECTIONS_PER_CLIENT = Setting.count(
                    "max_connections_per_client", 0, 0, 1_000_000)
            .described(
                    "TCP connections per client at most",
                    "Connections from one client address at once; more are refused at accept. 0: no limit.");
    public static final Setting<Integer> MAX_NEW_CONNECTIONS_PER_CLIENT = Setting.count(
                    "max_new_connections_per_client", 0, 0, 1_000_000)
            .described(
                    "New TCP connections per client per second",
                    "Rate of new connections from one client address (bursts up to one second's worth);"
                            + " more are refused at accept. 0: no limit.");
    public static final Setting<Integer> UDP_IDLE_TIMEOUT = Setting.seconds("udp_idle_timeout", 60, 1, WEEK)
            .described("UDP session idle timeout (s)", "A UDP session with no datagram either way ends.");
    public static final Setting<Integer> UDP_MAX_SESSIONS = Setting.count("udp_max_sessions", 10_000, 1, 1_000_000)
            .described("UDP sessions", "At most this many UDP client addresses at once.");
    public static final Setting<List<String>> ALLOW = Setting.networks("allow")
            .described(
                    "Allowed clients", "IPv4 and IPv6 networks (CIDR) whose clients are relayed; empty: every client.");
    public static final Setting<List<String>> DENY = Setting.networks("deny")
            .described(
                    "Denied clients",
                    "Networks whose clients are refused, checked after allow: a TCP client is closed, a datagram"
                            + " dropped.");
    public static final Setting<String> PROXY_PROTOCOL = Setting.choice("proxy_protocol", "off", "off", "v1", "v2")
            .described(
                    "Send PROXY protocol",
                    "Send the client's address to the backend in a PROXY protocol header: v1 (text, TCP) or v2"
                            + " (binary; TCP, and UDP with a header in each datagram).");
    public static final Setting<Boolean> ACCEPT_PROXY_PROTOCOL = Setting.flag("accept_proxy_protocol", false)
            .described(
                    "Accept PROXY protocol",
                    "Read a PROXY protocol header (v1 or v2) from a load balancer in front; its client address is"
                            + " the client's everywhere. Needs proxy_protocol_from.");
    public static final Setting<List<String>> PROXY_PROTOCOL_FROM = Setting.networks("proxy_protocol_from")
            .described(
                    "PROXY protocol senders",
                    "Networks that may send a PROXY protocol header; connections from elsewhere are refused.");
    public static final Setting<Integer> PROXY_PROTOCOL_TIMEOUT = Setting.seconds("proxy_protocol_timeout", 5, 1, 3600)
            .described(
                    "PROXY protocol header timeout (s)",
                    "A connection whose header has not arrived within this time is closed.");
    public static final Setting<Boolean> FAILBACK = Setting.flag("failback", false)
            .described(
                    "Failback",
                    "Put a recovered backend back at its configured place instead of leaving it at the end of the"
                            + " queue.");
    public static final Setting<Integer> SLOW_START = Setting.seconds("slow_start", 0, 0, 3600)
            .described(
                    "Slow start (s)",
                    "With failback: a recovered backend gets a share of new connections that grows from 0 to all"
                            + " over this time. 0: all at once.");
    /**
     * #17: on by default since a connection pays for it only once a direction has carried 64 KiB
     * (its sockets switch to level-triggered epoll then, not when they are made).
     */
    public static final Setting<Boolean> SPLICE = Setting.flag("splice", true)
            .described(
                    "Splice",
                    "TCP: once a direction of a connection has carried 64 KiB, move its bytes with Linux splice()"
                            + " (epoll transport only); short connections are not affected. Changing it rebinds the"
                            + " listener.");

    /** In the order of the README's reference and of the configuration form. */
    public static final List<Setting<?>> ALL = List.of(
            NAME,
            PROTOCOL,
            LISTEN_ADDRESS,
            LISTEN_PORT,
            LISTEN_BACKLOG,
            BACKENDS,
            BACKEND_COOLDOWN,
            HEALTH_CHECK_ENABLED,
            HEALTH_CHECK_INTERVAL,
            HEALTH_CHECK_TIMEOUT,
            HEALTH_CHECK_UDP_SEND,
            HEALTH_CHECK_UDP_EXPECT,
            EVENT_HOOK_COMMAND,
            EVENT_HOOK_ARGS,
            EVENT_HOOK_EVENTS,
            EVENT_HOOK_TIMEOUT,
            CONNECT_TIMEOUT,
            IDLE_TIMEOUT,
            MAX_CONNECTIONS,
            MAX_CONNECTIONS_PER_CLIENT,
            MAX_NEW_CONNECTIONS_PER_CLIENT,
            UDP_IDLE_TIMEOUT,
            UDP_MAX_SESSIONS,
            ALLOW,
            DENY,
            PROXY_PROTOCOL,
            ACCEPT_PROXY_PROTOCOL,
            PROXY_PROTOCOL_FROM,
            PROXY_PROTOCOL_TIMEOUT,
            FAILBACK,
            SLOW_START,
            SPLICE);

    /** The values of a service configuration's properties. */
    public static SettingValues of(java.util.Map<String, ?> properties) {
        return SettingValues.fromProperties(ALL, properties);
    }

    private ServiceSettings() {}
}
