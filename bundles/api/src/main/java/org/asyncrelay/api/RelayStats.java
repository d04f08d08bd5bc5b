package org.asyncrelay.api;

/**
 * Counters of one service, or of one backend of a service, since it started. "Received" is what
 * clients sent to the relay, "sent" what the relay sent back to clients.
 *
 * @param udpPacketsDropped datagrams not relayed: session limit reached, no backend, or queue full
 *     while a backend was being chosen
 */
public record RelayStats(
        long tcpConnections,
        long tcpActive,
        long tcpBytesReceived,
        long tcpBytesSent,
        long udpSessions,
        long udpSessionsActive,
        long udpPacketsReceived,
        long udpPacketsSent,
        long udpBytesReceived,
        long udpBytesSent,
        long udpPacketsDropped,
        long connectFailures) {

    public static final RelayStats EMPTY = new RelayStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
