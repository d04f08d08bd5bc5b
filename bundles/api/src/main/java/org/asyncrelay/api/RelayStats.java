package org.asyncrelay.api;

/**
 * Counters of one service since it started. "Received" is what clients sent to the relay, "sent"
 * what the relay sent back to clients.
 */
public record RelayStats(
        long tcpConnections,
        long tcpActive,
        long tcpBytesReceived,
        long tcpBytesSent,
        long udpSessionsActive,
        long udpPacketsReceived,
        long udpPacketsSent,
        long udpBytesReceived,
        long udpBytesSent,
        long connectFailures) {

    public static final RelayStats EMPTY = new RelayStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
