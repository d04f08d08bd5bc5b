package org.asyncrelay.api;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Resolves backend host names without blocking the caller: every A and AAAA address, cached for
 * the records' TTL (at most an hour, as the seed did). Registered by the dns bundle.
 */
public interface BackendResolver {

    /** All addresses of {@code host}, in the order the name server gave them. */
    CompletionStage<List<InetAddress>> resolve(String host);

    /** Forgets the cached answer for {@code host}: the next {@link #resolve} asks again. */
    void invalidate(String host);
}
