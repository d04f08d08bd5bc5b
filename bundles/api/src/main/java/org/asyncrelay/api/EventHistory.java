package org.asyncrelay.api;

import java.util.List;

/** The recent backend events of every service, registered by the pool bundle that posts them. */
public interface EventHistory {

    /** How many events are kept. */
    int KEPT = 50;

    /** The last {@value #KEPT} events, newest first. */
    List<BackendEvent> newestFirst();
}
