package org.asyncrelay.engine;

import java.net.SocketAddress;
import org.asyncrelay.api.BackendAddress;

/**
 * A UDP session once it has ended.
 *
 * @param backend null when no backend answered
 * @param ending how it ended, one of {@link Ending}'s words
 */
record EndedSession(
        String service,
        SocketAddress client,
        BackendAddress backend,
        long durationNanos,
        long bytesUp,
        long bytesDown,
        long datagramsUp,
        long datagramsDown,
        String ending)
        implements Relayed {}
