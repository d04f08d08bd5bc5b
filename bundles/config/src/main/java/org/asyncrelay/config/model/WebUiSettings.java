package org.asyncrelay.config.model;

/** The seed's {@code web_ui} block. */
public record WebUiSettings(boolean enabled, String listenAddress, int port, AuthSettings auth) {

    public static final WebUiSettings DEFAULTS = new WebUiSettings(false, "127.0.0.1", 8088, AuthSettings.DISABLED);
}
