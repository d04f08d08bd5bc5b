package org.asyncrelay.engine;

import java.net.SocketAddress;
import org.asyncrelay.api.BackendAddress;

/** What a finished TCP connection and a finished UDP session have in common, for the access log. */
interface Relayed {

    String service();

    SocketAddress client();

    /** null when no backend accepted or answered. */
    BackendAddress backend();

    long durationNanos();

    long bytesUp();

    long bytesDown();

    /** One of {@link Ending}'s words. */
    String ending();
}
