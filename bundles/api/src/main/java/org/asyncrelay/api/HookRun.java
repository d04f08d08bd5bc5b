package org.asyncrelay.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of an event hook command.
 *
 * @param exitCode the command's exit status; -1 when it could not be started or was killed
 * @param outcome {@code "exited"}, {@code "timed out"}, {@code "not started: <why>"}
 */
public record HookRun(
        String service,
        String event,
        String command,
        Instant startedAt,
        Duration duration,
        int exitCode,
        String outcome) {}
