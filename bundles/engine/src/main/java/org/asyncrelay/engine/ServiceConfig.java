package org.asyncrelay.engine;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The whole of a relay service configuration ({@code org.asyncrelay.service~<name>}), as the
 * YAML bridge writes it and as the web console's form shows it. Durations in seconds.
 */
@ObjectClassDefinition(
        id = "org.asyncrelay.service",
        name = "async-relay service",
        description = "One relay service: a listener and the ordered backends it fails over between.")
@interface ServiceConfig {

    @AttributeDefinition(
            name = "Name",
            description = "Used in logs, hooks and relay:status; defaults to the configuration's name.")
    String name() default "";

    @AttributeDefinition(
            name = "Protocol",
            description = "What is relayed on the port.",
            options = {@Option(value = "tcp"), @Option(value = "udp"), @Option(value = "both")})
    String protocol() default "both";

    @AttributeDefinition(
            name = "Listen address",
            description = "IP address or host name; 0.0.0.0 for IPv4, :: for dual-stack.")
    String listen_address() default "0.0.0.0";

    @AttributeDefinition(name = "Listen port", min = "1", max = "65535")
    int listen_port();

    @AttributeDefinition(name = "Listen backlog", description = "Pending TCP connections the kernel queues.", min = "1")
    int listen_backlog() default 4096;

    @AttributeDefinition(
            name = "Splice",
            description = "TCP: move bulk transfers with Linux splice() (epoll transport only); costs CPU on"
                    + " short request/response connections. Changing it rebinds the listener.")
    boolean splice() default false;

    @AttributeDefinition(name = "Backends", description = "host:port or [ipv6]:port, by priority.")
    String[] backends();

    @AttributeDefinition(
            name = "Backend cooldown (s)",
            description = "How long a backend that failed twice is skipped; 0 disables.",
            min = "0")
    long backend_cooldown() default 1800;

    @AttributeDefinition(
            name = "Failback",
            description =
                    "Put a recovered backend back at its configured place instead of leaving it at the end of the queue.")
    boolean failback() default false;

    @AttributeDefinition(name = "Health checks", description = "Probe backends with a TCP connect.")
    boolean health_check_enabled() default false;

    @AttributeDefinition(name = "Health check interval (s)", min = "1")
    int health_check_interval() default 60;

    @AttributeDefinition(name = "Health check timeout (s)", description = "At most the interval.", min = "1")
    int health_check_timeout() default 5;

    @AttributeDefinition(
            name = "Event hook command",
            description = "Program run on backend events, without a shell; empty for none.",
            required = false)
    String event_hook_command() default "";

    @AttributeDefinition(name = "Event hook arguments", required = false)
    String[] event_hook_args() default {};

    @AttributeDefinition(
            name = "Event hook events",
            options = {
                @Option(value = "backend_failed"),
                @Option(value = "all_backends_unavailable"),
                @Option(value = "backend_recovered")
            })
    String[] event_hook_events() default {"backend_failed", "all_backends_unavailable", "backend_recovered"};

    @AttributeDefinition(name = "Event hook timeout (s)", min = "1")
    int event_hook_timeout() default 30;

    @AttributeDefinition(name = "Connect timeout (s)", description = "Per backend connect attempt.", min = "1")
    int connect_timeout() default 5;

    @AttributeDefinition(
            name = "Idle timeout (s)",
            description = "A connection with no traffic either way is closed.",
            min = "1")
    int idle_timeout() default 60;

    @AttributeDefinition(
            name = "UDP session idle timeout (s)",
            description = "A UDP session with no datagram either way ends.",
            min = "1")
    int udp_idle_timeout() default 60;

    @AttributeDefinition(
            name = "UDP sessions",
            description = "At most this many UDP client addresses at once.",
            min = "1")
    int udp_max_sessions() default 10000;

    String webconsole_configurationFactory_nameHint() default "{name} {listen.address}:{listen.port} -> {backends}";
}
