package org.asyncrelay.config.model;

/** HTTP Basic credentials of the web UI. The password never appears in {@link #toString()}. */
public record AuthSettings(boolean enabled, String username, String password) {

    public static final AuthSettings DISABLED = new AuthSettings(false, "", "");

    @Override
    public String toString() {
        return "AuthSettings[enabled=" + enabled + ", username=" + username + ", password=***]";
    }
}
