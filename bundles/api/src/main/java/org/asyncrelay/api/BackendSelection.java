package org.asyncrelay.api;

import java.util.Optional;

/**
 * The backends to try for one client connection, in order. Not thread-safe: one connection uses it
 * from one thread at a time.
 */
public interface BackendSelection {

    /**
     * The next backend to try, or empty once every candidate has been tried. After {@link
     * BackendCandidate#failed} on a first failure this is the same backend again, re-resolved.
     */
    Optional<BackendCandidate> next();
}
