package org.asyncrelay.api;

/**
 * EventAdmin topics the pool posts backend state changes on, and their properties. The event
 * names are the seed's, as hooks receive them in {@code RELAY_EVENT_TYPE}.
 */
public final class RelayEvents {

    /** All backend events: {@value}. */
    public static final String TOPIC_ALL = "org/asyncrelay/backend/*";

    public static final String TOPIC_FAILED = "org/asyncrelay/backend/FAILED";
    public static final String TOPIC_RECOVERED = "org/asyncrelay/backend/RECOVERED";
    public static final String TOPIC_ALL_UNAVAILABLE = "org/asyncrelay/backend/ALL_UNAVAILABLE";

    public static final String BACKEND_FAILED = "backend_failed";
    public static final String BACKEND_RECOVERED = "backend_recovered";
    public static final String ALL_BACKENDS_UNAVAILABLE = "all_backends_unavailable";

    /**
     * #21: an operator drained, disabled or enabled a backend (shell, REST API, JMX); property
     * {@value #OPERATOR_STATE} says which. Not one of the seed's events: hooks do not receive it.
     */
    public static final String TOPIC_OPERATOR = "org/asyncrelay/operator/BACKEND";

    /** {@link BackendState} name: DRAINING, DISABLED, or AVAILABLE for enabled. */
    public static final String OPERATOR_STATE = "operator.state";

    /** The seed's event name, one of the three above. */
    public static final String EVENT = "event";

    public static final String SERVICE = "service";
    /** Absent for {@value #ALL_BACKENDS_UNAVAILABLE}. */
    public static final String BACKEND_HOST = "backend.host";
    /** Integer; absent for {@value #ALL_BACKENDS_UNAVAILABLE}. */
    public static final String BACKEND_PORT = "backend.port";
    /** The address last resolved, empty when none; absent for {@value #ALL_BACKENDS_UNAVAILABLE}. */
    public static final String BACKEND_IP = "backend.ip";
    /** Integer: consecutive failures of the backend (of all backends for all_backends_unavailable). */
    public static final String FAILURE_COUNT = "failure.count";
    /** Integer: backends not cooling down. */
    public static final String AVAILABLE_COUNT = "available.count";
    /** Integer: backends of the service. */
    public static final String TOTAL_COUNT = "total.count";
    /** ISO 8601 instant, as text. */
    public static final String TIMESTAMP = "timestamp";

    public static String topicOf(String event) {
        return switch (event) {
            case BACKEND_FAILED -> TOPIC_FAILED;
            case BACKEND_RECOVERED -> TOPIC_RECOVERED;
            case ALL_BACKENDS_UNAVAILABLE -> TOPIC_ALL_UNAVAILABLE;
            default -> throw new IllegalArgumentException("unknown event " + event);
        };
    }

    private RelayEvents() {}
}
