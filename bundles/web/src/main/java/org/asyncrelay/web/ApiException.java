package org.asyncrelay.web;

import java.util.Map;

/** A request the API refuses: the status and the reason go back to the client as JSON. */
final class ApiException extends Exception {

    private final int status;
    private final transient Map<String, ?> details;

    ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    ApiException(int status, String message, Map<String, ?> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details;
    }

    int status() {
        return status;
    }

    Map<String, ?> details() {
        return details;
    }
}
