package org.asyncrelay.api.settings;

import java.util.List;
import java.util.Map;
import org.asyncrelay.api.RelayPids;

/**
 * The access log: one line per closed TCP connection and per ended UDP session, on logger {@value
 * #LOGGER}. The YAML file's {@code access_log} block and configuration {@value
 * RelayPids#ACCESS_LOG}.
 */
public final class AccessLogSettings {

    /** The logger the lines go to; the distribution routes it to {@code access.log}. */
    public static final String LOGGER = "org.asyncrelay.access";

    public static final Setting<Boolean> ENABLED = Setting.flag("enabled", true)
            .described("Enabled", "Write a line per closed TCP connection and per ended UDP session.");
    public static final Setting<String> FORMAT = Setting.choice("format", "text", "text", "json")
            .described("Format", "text: one line of key=value fields; json: one JSON object per line.");

    public static final List<Setting<?>> ALL = List.of(ENABLED, FORMAT);

    /** The values of the access log configuration's properties. */
    public static SettingValues of(Map<String, ?> properties) {
        return SettingValues.fromProperties(ALL, properties);
    }

    private AccessLogSettings() {}
}
