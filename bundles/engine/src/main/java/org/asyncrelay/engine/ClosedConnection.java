package org.asyncrelay.engine;

import java.net.SocketAddress;
import org.asyncrelay.api.BackendAddress;

/**
 * A relayed TCP connection once its client side has closed.
 *
 * @param backend null when no backend accepted it
 * @param splicedUp whether the client's bytes went to the backend by splice() by the end
 * @param splicedDown the same for the backend's bytes to the client
 * @param ending how it ended, one of {@link Ending}'s words
 */
record ClosedConnection(
        String service,
        SocketAddress client,
        BackendAddress backend,
        long durationNanos,
        long bytesUp,
        long bytesDown,
        boolean splicedUp,
        boolean splicedDown,
        String ending)
        implements Relayed {}
