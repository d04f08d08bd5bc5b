package org.asyncrelay.api;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** One attempt at one backend; report its outcome exactly once. */
public interface BackendCandidate {

    BackendAddress backend();

    /**
     * The socket addresses to try, in order, before reporting {@link #failed}: one for an IP
     * literal, every address of a host name. Completes off the caller's thread when a lookup is
     * needed; never empty when it completes normally.
     */
    CompletionStage<List<InetSocketAddress>> resolve();

    void succeeded();

    void failed(Throwable cause);
}
