package org.asyncrelay.config.model;

/**
 * The seed's {@code web_ui} block. {@code allowHookChanges}: whether an event_hook command may be set
 * or changed through the REST API and the UI (#14: off, only the file on disk sets commands).
 */
public record WebUiSettings(
        boolean enabled, String listenAddress, int port, AuthSettings auth, boolean allowHookChanges) {

    public static final WebUiSettings DEFAULTS =
            new WebUiSettings(false, "127.0.0.1", 8088, AuthSettings.DISABLED, false);
}
