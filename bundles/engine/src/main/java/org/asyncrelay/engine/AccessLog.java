package org.asyncrelay.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.AccessLogSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: a line per closed TCP connection and per ended UDP session on logger {@value
 * AccessLogSettings#LOGGER} at INFO, which the distribution routes to its own file. On by default;
 * a change of its configuration applies to the next line, nothing restarts.
 *
 * <p>Lines are gathered per thread (each event loop has its own buffer) and go to the logger
 * several at once, when a buffer holds {@value #FLUSH_AT} characters or a second after its first
 * line, as nginx's {@code access_log ... buffer= flush=} does: a logging call per connection
 * (an event with its context map, an appender queue hand-off, a write per line when the writer
 * keeps up) cost as much CPU as relaying a short connection.
 */
@Component(
        service = AccessLog.class,
        configurationPid = RelayPids.ACCESS_LOG,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class AccessLog implements ConnectionObserver {

    static final int FLUSH_AT = 32 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);

    /** The lines one thread has gathered; its owner appends, the flusher takes them, under its lock. */
    private static final class Buffer {
        final StringBuilder lines = new StringBuilder(FLUSH_AT + 1024);
        final LogTime time = new LogTime();
    }

    private final Logger lines = LoggerFactory.getLogger(AccessLogSettings.LOGGER);
    private final List<Buffer> buffers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Buffer> own = ThreadLocal.withInitial(() -> {
        Buffer b = new Buffer();
        buffers.add(b);
        return b;
    });
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-access-log");
        t.setDaemon(true);
        return t;
    });
    /** null while off. */
    private volatile AccessLogLines format;

    @Activate
    public AccessLog(Map<String, Object> properties) {
        apply(properties);
        flusher.scheduleWithFixedDelay(this::flushAll, 1, 1, TimeUnit.SECONDS);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    void deactivate() {
        flusher.shutdownNow();
        flushAll();
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
        record(connection);
    }

    @Override
    public void ended(EndedSession session) {
        record(session);
    }

    private void record(Relayed relayed) {
        AccessLogLines f = format;
        if (f != null) {
            Buffer b = own.get();
            String full = null;
            synchronized (b) {
                startLine(b);
                f.append(b.lines, b.time, System.currentTimeMillis(), relayed);
                if (b.lines.length() >= FLUSH_AT) {
                    full = take(b);
                }
            }
            write(full);
        }
    }

    private static void startLine(Buffer b) {
        if (b.lines.length() > 0) {
            b.lines.append('\n');
        }
    }

    private static String take(Buffer b) {
        String s = b.lines.toString();
        b.lines.setLength(0);
        return s;
    }

    /** The file's layout adds the last line break. */
    private void write(String text) {
        if (text != null && lines.isInfoEnabled()) {
            lines.info(text);
        }
    }

    void flushAll() {
        for (Buffer b : buffers) {
            String text = null;
            synchronized (b) {
                if (b.lines.length() > 0) {
                    text = take(b);
                }
            }
            write(text);
        }
    }
}
