package org.asyncrelay.api.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.CidrSet;

/**
 * One configurable setting. Its {@link #key() key} is its path in the YAML file ({@code
 * health_check.interval}); its ConfigAdmin {@link #property() property} is the same key with
 * dots for underscores ({@code health.check.interval}), as metatype's attribute ids are.
 *
 * @param <T> the Java type of its value, fixed by its {@link SettingType}
 */
public final class Setting<T> {

    private final String key;
    private final SettingType type;
    private final T defaultValue;
    private final long min;
    private final long max;
    private final List<String> options;
    private final String label;
    private final String description;
    private final String expected;
    private final String plural;
    private final boolean fileOnly;
    private final Check check;

    /**
     * What a text value (or each element of a text list) must be beyond its type: a CIDR, a probe
     * payload. Null when the value fits, otherwise what was expected and what was given.
     */
    @FunctionalInterface
    public interface Check {
        String problem(String value);
    }

    private Setting(
            String key,
            SettingType type,
            T defaultValue,
            long min,
            long max,
            List<String> options,
            String label,
            String description,
            String expected,
            String plural,
            boolean fileOnly,
            Check check) {
        this.key = Objects.requireNonNull(key);
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.options = List.copyOf(options);
        this.label = label;
        this.description = description;
        this.expected = expected;
        this.plural = plural;
        this.fileOnly = fileOnly;
        this.check = check;
    }

    public static Setting<Boolean> flag(String key, boolean defaultValue) {
        return new Setting<>(
                key, SettingType.FLAG, defaultValue, 0, 0, List.of(), key, "", "true or false", "", false, null);
    }

    /** A whole number from {@code min} to {@code max}; {@code defaultValue} null: required. */
    public static Setting<Integer> count(String key, Integer defaultValue, int min, int max) {
        return new Setting<>(
                key,
                SettingType.COUNT,
                defaultValue,
                min,
                max,
                List.of(),
                key,
                "",
                "an integer " + min + "-" + max,
                "",
                false,
                null);
    }

    public static Setting<Integer> seconds(String key, int defaultValue, int min, int max) {
        String expected = min == 0
                ? "a number of seconds, 0 or more (at most " + max + ")"
                : "a number of seconds, " + min + " to " + max;
        return new Setting<>(
                key, SettingType.SECONDS, defaultValue, min, max, List.of(), key, "", expected, "", false, null);
    }

    public static Setting<String> text(String key, String defaultValue, String expected) {
        return new Setting<>(key, SettingType.TEXT, defaultValue, 0, 0, List.of(), key, "", expected, "", false, null);
    }

    public static Setting<String> password(String key) {
        return new Setting<>(key, SettingType.PASSWORD, "", 0, 0, List.of(), key, "", "a password", "", false, null);
    }

    /**
     * @param plural what the list holds: "arguments" ("expected a list of arguments")
     * @param expected what one element is: "a string"
     */
    public static Setting<List<String>> textList(String key, String plural, String expected) {
        return new Setting<>(
                key, SettingType.TEXT_LIST, List.of(), 0, 0, List.of(), key, "", expected, plural, false, null);
    }

    /** A list of IPv4 and IPv6 networks ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, an address), empty by default. */
    public static Setting<List<String>> networks(String key) {
        return new Setting<>(
                key,
                SettingType.NETWORKS,
                List.of(),
                0,
                0,
                List.of(),
                key,
                "",
                "an IPv4 or IPv6 network (CIDR)",
                "networks",
                false,
                CidrSet::problem);
    }

    public static Setting<String> choice(String key, String defaultValue, String... options) {
        return new Setting<>(
                key,
                SettingType.CHOICE,
                defaultValue,
                0,
                0,
                List.of(options),
                key,
                "",
                spoken(options),
                "",
                false,
                null);
    }

    /** By default all of the options. */
    public static Setting<List<String>> choices(String key, String plural, String expected, String... options) {
        return new Setting<>(
                key,
                SettingType.CHOICE_LIST,
                List.of(options),
                0,
                0,
                List.of(options),
                key,
                "",
                expected,
                plural,
                false,
                null);
    }

    /** Required: a service without backends has nothing to relay to. */
    public static Setting<List<BackendAddress>> backends(String key) {
        return new Setting<>(
                key,
                SettingType.BACKENDS,
                null,
                0,
                0,
                List.of(),
                key,
                "",
                "host:port or [ipv6]:port",
                "host:port",
                false,
                null);
    }

    /** The same setting with the name and description the configuration forms show. */
    public Setting<T> described(String label, String description) {
        return new Setting<>(
                key, type, defaultValue, min, max, options, label, description, expected, plural, fileOnly, check);
    }

    /** The same setting, its text values (or list elements) checked by {@code check}. */
    public Setting<T> checked(Check check) {
        return new Setting<>(
                key, type, defaultValue, min, max, options, label, description, expected, plural, fileOnly, check);
    }

    /**
     * The same setting, read from the file only and never written to ConfigAdmin, so that no
     * change made at runtime (REST, web console) can set it.
     */
    public Setting<T> fileOnly() {
        return new Setting<>(
                key, type, defaultValue, min, max, options, label, description, expected, plural, true, check);
    }

    public String key() {
        return key;
    }

    public String property() {
        return key.replace('_', '.');
    }

    public SettingType type() {
        return type;
    }

    /** Null when the setting has no default and must be given. */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean required() {
        return defaultValue == null;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public List<String> options() {
        return options;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** What a value must be, as error messages phrase it: "an integer 1-65535". */
    public String expected() {
        return expected;
    }

    /** What a list setting holds, as "expected a list of ..." says it. */
    public String plural() {
        return plural;
    }

    /** Null when {@code value} fits (or the setting has no check), else why not. */
    public String problemOf(String value) {
        return check == null ? null : check.problem(value);
    }

    public boolean isFileOnly() {
        return fileOnly;
    }

    public boolean isList() {
        return type == SettingType.TEXT_LIST
                || type == SettingType.NETWORKS
                || type == SettingType.CHOICE_LIST
                || type == SettingType.BACKENDS;
    }

    /**
     * The value of a ConfigAdmin property, which a {@code .cfg} drop-in gives as text: a value
     * that does not fit is reported in {@code problems} and replaced by the default (a number out
     * of range by the nearest bound; a bad list element is left out).
     */
    @SuppressWarnings("unchecked")
    public T fromProperty(Object raw, List<String> problems) {
        if (raw == null) {
            return defaultValue;
        }
        Object value = switch (type) {
            case FLAG -> flagOf(raw, problems);
            case COUNT, SECONDS -> numberOf(raw, problems);
            case TEXT, PASSWORD -> checkedText(scalar(raw), problems);
            case CHOICE -> choiceOf(scalar(raw), problems);
            case TEXT_LIST -> checkedElements(elements(raw, false), problems);
            case NETWORKS -> checkedElements(elements(raw, true), problems);
            case CHOICE_LIST -> choicesOf(elements(raw, true), problems);
            case BACKENDS -> backendsOf(raw, problems);
        };
        return (T) value;
    }

    /** The value as ConfigAdmin stores it: Boolean, Integer, String or String[]. */
    public Object toProperty(T value) {
        if (value instanceof List<?> list) {
            return list.stream().map(Object::toString).toArray(String[]::new);
        }
        return value;
    }

    /** The error for a text value that is not one of the options, with the closest as a hint or not. */
    public String notAnOption(String value, boolean hint) {
        String closest = !hint
                ? ""
                : Spelling.closest(value, options)
                        .map(s -> " (did you mean \"" + s + "\"?)")
                        .orElse("");
        return "expected one of " + String.join(", ", options) + ", got \"" + value + "\"" + closest;
    }

    private String checkedText(String value, List<String> problems) {
        String problem = problemOf(value);
        if (problem == null) {
            return value;
        }
        problems.add(property() + ": " + problem + "; using \"" + defaultValue + "\"");
        return (String) defaultValue;
    }

    private List<String> checkedElements(List<String> raw, List<String> problems) {
        if (check == null) {
            return raw;
        }
        List<String> result = new ArrayList<>();
        for (String e : raw) {
            String problem = problemOf(e);
            if (problem == null) {
                result.add(e);
            } else {
                problems.add(property() + ": " + problem + "; left out");
            }
        }
        return List.copyOf(result);
    }

    private Object flagOf(Object raw, List<String> problems) {
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = scalar(raw).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        problems.add(property() + ": expected true or false, got \"" + raw + "\"; using " + defaultValue);
        return defaultValue;
    }

    private Object numberOf(Object raw, List<String> problems) {
        long n;
        if (raw instanceof Number number) {
            n = number.longValue();
        } else {
            try {
                n = Long.parseLong(scalar(raw).trim());
            } catch (NumberFormatException e) {
                problems.add(property() + ": expected " + expected + ", got \"" + raw + "\"; using " + defaultValue);
                return defaultValue;
            }
        }
        if (n < min || n > max) {
            long bound = n < min ? min : max;
            problems.add(property() + ": expected " + expected + ", got " + n + "; using " + bound);
            n = bound;
        }
        return (int) n;
    }

    private Object choiceOf(String raw, List<String> problems) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (options.contains(v)) {
            return v;
        }
        problems.add(property() + ": " + notAnOption(raw, false) + "; using " + defaultValue);
        return defaultValue;
    }

    private List<String> choicesOf(List<String> raw, List<String> problems) {
        List<String> result = new ArrayList<>();
        for (String e : raw) {
            String v = e.toLowerCase(Locale.ROOT);
            if (options.contains(v)) {
                result.add(v);
            } else {
                problems.add(property() + ": " + notAnOption(e, true) + "; left out");
            }
        }
        return List.copyOf(result);
    }

    private List<BackendAddress> backendsOf(Object raw, List<String> problems) {
        List<BackendAddress> result = new ArrayList<>();
        for (String text : elements(raw, true)) {
            try {
                result.add(BackendAddress.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add(property() + ": backend \"" + text + "\" ignored: " + e.getMessage());
            }
        }
        return List.copyOf(result);
    }

    /** Array, collection or single text; with {@code split}, an element may hold a comma list. */
    private static List<String> elements(Object raw, boolean split) {
        Collection<?> items;
        if (raw instanceof Object[] array) {
            items = Arrays.asList(array);
        } else if (raw instanceof Collection<?> c) {
            items = c;
        } else {
            items = List.of(raw);
        }
        List<String> result = new ArrayList<>();
        for (Object item : items) {
            String s = String.valueOf(item);
            if (!split) {
                result.add(s);
                continue;
            }
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
        }
        return List.copyOf(result);
    }

    private static String scalar(Object raw) {
        if (raw instanceof Object[] array && array.length == 1) {
            return String.valueOf(array[0]);
        }
        return String.valueOf(raw);
    }

    private static String spoken(String... options) {
        if (options.length < 2) {
            return String.join("", options);
        }
        return String.join(", ", Arrays.copyOf(options, options.length - 1)) + " or " + options[options.length - 1];
    }

    @Override
    public String toString() {
        return key;
    }
}
