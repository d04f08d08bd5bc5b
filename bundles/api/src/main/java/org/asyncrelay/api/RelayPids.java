package org.asyncrelay.api;

/** Configuration PIDs and the property names shared between bundles. */
public final class RelayPids {

    /** Factory PID: one configuration per relay service, {@code org.asyncrelay.service~<name>}. */
    public static final String SERVICE_FACTORY = "org.asyncrelay.service";

    /** Singleton PID of the YAML bridge: which file, reload on or off. */
    public static final String CONFIG_BRIDGE = "org.asyncrelay.config";

    /** Singleton PID of the web UI settings, written from the YAML file's {@code web_ui} block. */
    public static final String WEB_UI = "org.asyncrelay.webui";

    /** #21: singleton PID of the cluster settings, written from the YAML file's {@code cluster} block. */
    public static final String CLUSTER = "org.asyncrelay.cluster";

    /** Singleton PID of the access log settings, written from the YAML file's {@code access_log} block. */
    public static final String ACCESS_LOG = "org.asyncrelay.accesslog";

    /** Singleton PID of the engine's shared event loops. */
    public static final String ENGINE = "org.asyncrelay.engine";

    /** Service property carrying the relay service name on {@link RelayService} and {@link BackendPool}. */
    public static final String SERVICE_NAME_PROPERTY = "relay.service";

    /** Marks configurations the YAML bridge owns; value {@value #SOURCE_YAML}. */
    public static final String SOURCE_PROPERTY = "asyncrelay.source";

    public static final String SOURCE_YAML = "yaml";

    /**
     * The relay service name of a service configuration: its {@code name} property, else the
     * instance name after {@code ~} in its PID, else the PID.
     */
    public static String serviceName(java.util.Map<String, ?> properties) {
        Object name = properties.get("name");
        if (name instanceof String s && !s.isBlank()) {
            return s;
        }
        Object pid = properties.get("service.pid");
        String p = pid == null ? "" : pid.toString();
        int tilde = p.indexOf('~');
        return tilde >= 0 ? p.substring(tilde + 1) : p;
    }

    /** Escapes a value for an LDAP filter such as {@code (relay.service=<name>)}. */
    public static String filterValue(String value) {
        return value.replace("\\", "\\\\")
                .replace("(", "\\(")
                .replace(")", "\\)")
                .replace("*", "\\*");
    }

    private RelayPids() {}
}
