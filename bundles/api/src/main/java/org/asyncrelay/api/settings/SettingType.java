package org.asyncrelay.api.settings;

/** The kind of value a {@link Setting} holds; it decides how the value is read, checked and shown. */
public enum SettingType {
    /** true or false; Java {@code Boolean}. */
    FLAG,
    /** A whole number within the setting's range; Java {@code Integer}. */
    COUNT,
    /** A whole number of seconds within the setting's range; Java {@code Integer}. */
    SECONDS,
    /** Free text; Java {@code String}. */
    TEXT,
    /** Text never shown or logged; Java {@code String}. */
    PASSWORD,
    /** A list of free text; Java {@code List<String>}. */
    TEXT_LIST,
    /** IPv4 and IPv6 networks in CIDR notation; Java {@code List<String>}; a .cfg value may list them with commas. */
    NETWORKS,
    /** One of the setting's options; Java {@code String}. */
    CHOICE,
    /** Any of the setting's options, in order; Java {@code List<String>}. */
    CHOICE_LIST,
    /** Backend addresses by priority; Java {@code List<BackendAddress>}. */
    BACKENDS
}
