package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;

/**
 * What each session of one UDP service needs from it. A session keeps the one it started with; a
 * change of the service's settings makes a new one for the next sessions.
 *
 * @param backendTemplate cloned per backend socket, as {@link TcpPath#backendTemplate}
 */
record UdpPath(
        String service,
        Counters counters,
        Bootstrap backendTemplate,
        ConnectionObserver observer,
        ClientPolicy policy) {

    Bootstrap backendBootstrap(EventLoop loop) {
        return backendTemplate.clone(loop);
    }
}
