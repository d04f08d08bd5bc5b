package org.asyncrelay.api;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/** One attempt at one backend; report its outcome exactly once. */
public interface BackendCandidate {

    BackendAddress backend();

    /** The socket address to connect to; completes off the caller's thread when a lookup is needed. */
    CompletionStage<InetSocketAddress> resolve();

    void succeeded();

    void failed(Throwable cause);
}
