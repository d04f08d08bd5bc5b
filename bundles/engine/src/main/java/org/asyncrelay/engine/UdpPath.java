package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;

/**
 * What each session of one UDP service needs from it.
 *
 * @param backendTemplate cloned per backend socket, as {@link TcpPath#backendTemplate}
 */
record UdpPath(String service, Counters counters, Bootstrap backendTemplate, ConnectionObserver observer) {

    Bootstrap backendBootstrap(EventLoop loop) {
        return backendTemplate.clone(loop);
    }
}
