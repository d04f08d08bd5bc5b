package org.asyncrelay.api.settings;

import java.util.List;
import org.asyncrelay.api.RelayPids;

/** The web UI and REST API: the YAML file's {@code web_ui} block and configuration {@value RelayPids#WEB_UI}. */
public final class WebUiSettings {

    /**
     * The HTTP whiteboard target of everything served on the web UI's own endpoint, which must not
     * appear on Karaf's HTTP port.
     */
    public static final String HTTP_TARGET = "(relayui=true)";

    /** Selects the web UI's servlet context, whose authentication covers every path of it. */
    public static final String HTTP_CONTEXT_SELECT = "(osgi.http.whiteboard.context.name=relayui)";

    public static final Setting<Boolean> ENABLED = Setting.flag("enabled", false)
            .described("Enabled", "Serve the web UI and REST API (the seed's default: off).");
    public static final Setting<String> LISTEN_ADDRESS = Setting.text(
                    "listen_address", "127.0.0.1", "an IP address or host name")
            .described(
                    "Listen address",
                    "IP address or host name to bind; 127.0.0.1 keeps the UI on this host, :: or 0.0.0.0 opens it.");
    public static final Setting<Integer> PORT =
            Setting.count("port", 8088, 1, 65535).described("Port", "");
    public static final Setting<Boolean> AUTH_ENABLED = Setting.flag("auth.enabled", false)
            .described(
                    "Authentication",
                    "Require HTTP Basic credentials on every path: the user name and password below, or a JAAS"
                            + " realm.");
    public static final Setting<String> AUTH_USERNAME =
            Setting.text("auth.username", "", "a user name").described("User name", "");
    public static final Setting<String> AUTH_PASSWORD =
            Setting.password("auth.password").described("Password", "");
    public static final Setting<String> AUTH_REALM = Setting.text("auth.realm", "", "a JAAS realm name such as karaf")
            .described(
                    "JAAS realm",
                    "Authenticate against this JAAS realm (karaf: the users of etc/users.properties with role"
                            + " admin) instead of the user name and password above.");
    /** #14: whether an event_hook command may be set through the REST API and UI; the file alone decides. */
    public static final Setting<Boolean> ALLOW_HOOK_CHANGES = Setting.flag("allow_hook_changes", false)
            .described("Hook changes through the API", "Allow the REST API and UI to set event hook commands.")
            .fileOnly();

    public static final List<Setting<?>> ALL = List.of(
            ENABLED, LISTEN_ADDRESS, PORT, AUTH_ENABLED, AUTH_USERNAME, AUTH_PASSWORD, AUTH_REALM, ALLOW_HOOK_CHANGES);

    /** The values of the web UI configuration's properties. */
    public static SettingValues of(java.util.Map<String, ?> properties) {
        return SettingValues.fromProperties(ALL, properties);
    }

    private WebUiSettings() {}
}
