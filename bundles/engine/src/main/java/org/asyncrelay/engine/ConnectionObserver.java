package org.asyncrelay.engine;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import org.asyncrelay.api.BackendAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told what happens to each relayed TCP connection and UDP session of a service, on its event loop
 * (so it must not block). The product's observer writes the DEBUG lines; per-connection features
 * (an access log, latency metrics) are observers too, and tests observe the sockets themselves.
 */
interface ConnectionObserver {

    /** A backend accepted the connection of {@code client}: the two sockets of it. */
    default void connected(
            String service, Channel client, Channel backend, BackendAddress to, InetSocketAddress address) {}

    /** The client's side closed. */
    default void closed(ClosedConnection connection) {}

    /** A UDP session ended (on the listener's event loop). */
    default void ended(EndedSession session) {}

    /** Tells this observer first, then {@code next}. */
    default ConnectionObserver andThen(ConnectionObserver next) {
        ConnectionObserver first = this;
        return new ConnectionObserver() {
            @Override
            public void connected(
                    String service, Channel client, Channel backend, BackendAddress to, InetSocketAddress address) {
                first.connected(service, client, backend, to, address);
                next.connected(service, client, backend, to, address);
            }

            @Override
            public void closed(ClosedConnection connection) {
                first.closed(connection);
                next.closed(connection);
            }

            @Override
            public void ended(EndedSession session) {
                first.ended(session);
                next.ended(session);
            }
        };
    }

    /**
     * The DEBUG log of each connection, written only when DEBUG is on for this class (checked
     * first: four arguments are an array per connection otherwise).
     */
    ConnectionObserver DEBUG_LOG = new ConnectionObserver() {
        private final Logger log = LoggerFactory.getLogger(ConnectionObserver.class);

        @Override
        public void connected(
                String service, Channel client, Channel backend, BackendAddress to, InetSocketAddress address) {
            if (log.isDebugEnabled()) {
                log.debug("relay {}: {} -> {} ({}) connected", service, client.remoteAddress(), to, address);
            }
        }

        @Override
        public void closed(ClosedConnection c) {
            if (log.isDebugEnabled()) {
                log.debug(
                        "relay {}: {} -> {} closed after {} ms, {} bytes up, {} bytes down, {}",
                        c.service(),
                        c.client(),
                        c.backend() == null ? "-" : c.backend(),
                        c.durationNanos() / 1_000_000,
                        c.bytesUp(),
                        c.bytesDown(),
                        c.ending());
            }
        }
    };
}
