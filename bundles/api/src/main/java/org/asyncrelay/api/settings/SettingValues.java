package org.asyncrelay.api.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values of one table of settings ({@link ServiceSettings#ALL}, {@link WebUiSettings#ALL}),
 * each of its Java type, defaults filled in; from a configuration's properties or built by the
 * YAML reader.
 */
public final class SettingValues {

    private final List<Setting<?>> settings;
    private final Map<Setting<?>, Object> values;
    private final List<String> problems;

    private SettingValues(List<Setting<?>> settings, Map<Setting<?>, Object> values, List<String> problems) {
        this.settings = settings;
        this.values = values;
        this.problems = List.copyOf(problems);
    }

    /**
     * The values of ConfigAdmin properties: what is missing takes its default; what does not fit
     * its setting is listed in {@link #problems()} (a component logs them) and replaced.
     */
    public static SettingValues fromProperties(List<Setting<?>> settings, Map<String, ?> properties) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Setting<?> s : settings) {
            Object raw = properties.get(s.property());
            if (raw == null && s.required()) {
                problems.add(s.property() + ": missing, expected " + s.expected());
                values.put(s, s.isList() ? List.of() : null);
            } else {
                values.put(s, s.fromProperty(raw, problems));
            }
        }
        return new SettingValues(settings, values, problems);
    }

    public static SettingValues defaults(List<Setting<?>> settings) {
        return fromProperties(settings, Map.of());
    }

    /** Starts from the defaults; the YAML reader sets what the file gives. */
    public static Builder builder(List<Setting<?>> settings) {
        return new Builder(settings);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("no setting " + setting + " in this table");
        }
        return (T) values.get(setting);
    }

    public Duration duration(Setting<Integer> seconds) {
        Integer s = get(seconds);
        return Duration.ofSeconds(s == null ? 0 : s);
    }

    /** The same values with one changed. */
    public <T> SettingValues with(Setting<T> setting, T value) {
        get(setting);
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(setting, value);
        return new SettingValues(settings, copy, problems);
    }

    /** What did not fit when read from properties, one line each: "listen.port: expected ...". */
    public List<String> problems() {
        return problems;
    }

    /** The properties of a configuration holding these values; file-only settings are left out. */
    public Hashtable<String, Object> toProperties() {
        Hashtable<String, Object> p = new Hashtable<>();
        for (Setting<?> s : settings) {
            Object v = values.get(s);
            if (!s.isFileOnly() && v != null) {
                p.put(s.property(), property(s, v));
            }
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static <T> Object property(Setting<T> s, Object value) {
        return s.toProperty((T) value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingValues other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        values.forEach((s, v) -> shown.put(s.key(), s.type() == SettingType.PASSWORD ? "***" : v));
        return shown.toString();
    }

    /** Values set one by one, for readers of other formats than properties. */
    public static final class Builder {
        private final List<Setting<?>> settings;
        private final Map<Setting<?>, Object> values = new LinkedHashMap<>();

        private Builder(List<Setting<?>> settings) {
            this.settings = settings;
            settings.forEach(s -> values.put(s, s.defaultValue()));
        }

        public <T> Builder set(Setting<T> setting, T value) {
            if (!values.containsKey(setting)) {
                throw new IllegalArgumentException("no setting " + setting + " in this table");
            }
            values.put(setting, value);
            return this;
        }

        public SettingValues build() {
            return new SettingValues(settings, new LinkedHashMap<>(values), List.of());
        }
    }
}
