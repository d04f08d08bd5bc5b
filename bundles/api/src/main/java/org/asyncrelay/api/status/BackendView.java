package org.asyncrelay.api.status;

import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.RelayStats;

/** One backend of a service: its place and state in the pool, and the traffic relayed to it. */
public record BackendView(BackendStatus status, RelayStats traffic) {}
