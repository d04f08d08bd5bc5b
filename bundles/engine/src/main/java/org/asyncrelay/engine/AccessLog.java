package org.asyncrelay.engine;

import java.time.Instant;
import java.util.Map;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.AccessLogSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: a line per closed TCP connection and per ended UDP session on logger {@value
 * AccessLogSettings#LOGGER} at INFO, which the distribution routes to its own file. On by default;
 * a change of its configuration applies to the next line, nothing restarts.
 */
@Component(
        service = AccessLog.class,
        configurationPid = RelayPids.ACCESS_LOG,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class AccessLog implements ConnectionObserver {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);

    private final Logger lines = LoggerFactory.getLogger(AccessLogSettings.LOGGER);
    /** null while off. */
    private volatile AccessLogLines format;

    @Activate
    public AccessLog(Map<String, Object> properties) {
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    private void apply(Map<String, Object> properties) {
        SettingValues s = AccessLogSettings.of(properties);
        s.problems().forEach(p -> LOG.error("access log: {}", p));
        boolean on = s.get(AccessLogSettings.ENABLED);
        AccessLogLines next = on ? new AccessLogLines("json".equals(s.get(AccessLogSettings.FORMAT))) : null;
        if ((format == null) != (next == null)) {
            LOG.info("access log {}", on ? "on (" + s.get(AccessLogSettings.FORMAT) + ")" : "off");
        }
        format = next;
    }

    @Override
    public void closed(ClosedConnection connection) {
        AccessLogLines f = format;
        if (f != null && lines.isInfoEnabled()) {
            lines.info(f.line(Instant.now(), connection));
        }
    }

    @Override
    public void ended(EndedSession session) {
        AccessLogLines f = format;
        if (f != null && lines.isInfoEnabled()) {
            lines.info(f.line(Instant.now(), session));
        }
    }
}
