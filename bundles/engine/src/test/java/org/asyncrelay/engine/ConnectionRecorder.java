package org.asyncrelay.engine;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asyncrelay.api.BackendAddress;

/** Keeps what the engine tells its observer, and logs it as the product does. */
final class ConnectionRecorder implements ConnectionObserver {

    /** The two sockets of a relayed connection. */
    record Sockets(Channel client, Channel backend) {}

    final List<Sockets> connected = new CopyOnWriteArrayList<>();
    final List<ClosedConnection> closed = new CopyOnWriteArrayList<>();
    final List<EndedSession> ended = new CopyOnWriteArrayList<>();

    @Override
    public void connected(
            String service, Channel client, Channel backend, BackendAddress to, InetSocketAddress address) {
        connected.add(new Sockets(client, backend));
        DEBUG_LOG.connected(service, client, backend, to, address);
    }

    @Override
    public void closed(ClosedConnection connection) {
        closed.add(connection);
        DEBUG_LOG.closed(connection);
    }

    @Override
    public void ended(EndedSession session) {
        ended.add(session);
    }
}
