package org.asyncrelay.engine;

import java.util.concurrent.atomic.LongAdder;
import org.asyncrelay.api.RelayStats;

/** Lock-free counters of one service, read as a {@link RelayStats} snapshot. */
final class ServiceCounters {

    final LongAdder tcpConnections = new LongAdder();
    final LongAdder tcpActive = new LongAdder();
    final LongAdder tcpBytesReceived = new LongAdder();
    final LongAdder tcpBytesSent = new LongAdder();
    final LongAdder udpSessionsActive = new LongAdder();
    final LongAdder udpPacketsReceived = new LongAdder();
    final LongAdder udpPacketsSent = new LongAdder();
    final LongAdder udpBytesReceived = new LongAdder();
    final LongAdder udpBytesSent = new LongAdder();
    final LongAdder connectFailures = new LongAdder();

    RelayStats snapshot() {
        return new RelayStats(
                tcpConnections.sum(),
                tcpActive.sum(),
                tcpBytesReceived.sum(),
                tcpBytesSent.sum(),
                udpSessionsActive.sum(),
                udpPacketsReceived.sum(),
                udpPacketsSent.sum(),
                udpBytesReceived.sum(),
                udpBytesSent.sum(),
                connectFailures.sum());
    }
}
