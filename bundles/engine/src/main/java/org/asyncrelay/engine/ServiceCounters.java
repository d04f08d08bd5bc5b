package org.asyncrelay.engine;

import java.util.concurrent.atomic.LongAdder;
import org.asyncrelay.api.RelayStats;

/** Lock-free counters of a service or of one of its backends, read as a {@link RelayStats}. */
final class ServiceCounters {

    final LongAdder tcpConnections = new LongAdder();
    final LongAdder tcpActive = new LongAdder();
    final LongAdder tcpBytesReceived = new LongAdder();
    final LongAdder tcpBytesSent = new LongAdder();
    final LongAdder udpSessions = new LongAdder();
    final LongAdder udpSessionsActive = new LongAdder();
    final LongAdder udpPacketsReceived = new LongAdder();
    final LongAdder udpPacketsSent = new LongAdder();
    final LongAdder udpBytesReceived = new LongAdder();
    final LongAdder udpBytesSent = new LongAdder();
    final LongAdder udpPacketsDropped = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    /** Connections and sessions relayed by another backend than the first one tried. */
    final LongAdder failovers = new LongAdder();

    RelayStats snapshot() {
        return new RelayStats(
                tcpConnections.sum(),
                tcpActive.sum(),
                tcpBytesReceived.sum(),
                tcpBytesSent.sum(),
                udpSessions.sum(),
                udpSessionsActive.sum(),
                udpPacketsReceived.sum(),
                udpPacketsSent.sum(),
                udpBytesReceived.sum(),
                udpBytesSent.sum(),
                udpPacketsDropped.sum(),
                connectFailures.sum());
    }
}
