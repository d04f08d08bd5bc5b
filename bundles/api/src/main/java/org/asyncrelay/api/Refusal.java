package org.asyncrelay.api;

import java.util.List;

/**
 * Why a TCP connection was refused at accept or a datagram dropped before reaching a session:
 * the keys of {@link RelayService#tcpRefusals()} and {@link RelayService#udpRefusals()}.
 */
public final class Refusal {

    /** The client is not in {@code allow}, or is in {@code deny}. */
    public static final String DENIED = "denied";
    /** {@code max_connections} were open. */
    public static final String MAX_CONNECTIONS = "max_connections";
    /** {@code max_connections_per_client} were open from the client's address. */
    public static final String MAX_CONNECTIONS_PER_CLIENT = "max_connections_per_client";
    /** The client opened more than {@code max_new_connections_per_client} in a second. */
    public static final String MAX_NEW_CONNECTIONS_PER_CLIENT = "max_new_connections_per_client";
    /** The PROXY protocol header was malformed, missing or late. */
    public static final String PROXY_PROTOCOL = "proxy_protocol";
    /** A PROXY protocol header was expected from an address outside {@code proxy_protocol_from}. */
    public static final String PROXY_PROTOCOL_FROM = "proxy_protocol_from";
    /** A new UDP client while {@code udp_max_sessions} sessions were open. */
    public static final String UDP_MAX_SESSIONS = "udp_max_sessions";

    public static final List<String> TCP_REASONS = List.of(
            DENIED,
            MAX_CONNECTIONS,
            MAX_CONNECTIONS_PER_CLIENT,
            MAX_NEW_CONNECTIONS_PER_CLIENT,
            PROXY_PROTOCOL,
            PROXY_PROTOCOL_FROM);

    public static final List<String> UDP_REASONS =
            List.of(DENIED, UDP_MAX_SESSIONS, PROXY_PROTOCOL, PROXY_PROTOCOL_FROM);

    private Refusal() {}
}
