package org.asyncrelay.config.model;

/**
 * How the web UI authenticates: HTTP Basic against the file's username and password, or against
 * a JAAS realm such as Karaf's when {@code realm} is set. The password never appears in {@link
 * #toString()}.
 */
public record AuthSettings(boolean enabled, String username, String password, String realm) {

    public static final AuthSettings DISABLED = new AuthSettings(false, "", "", "");

    @Override
    public String toString() {
        return "AuthSettings[enabled=" + enabled + ", username=" + username + ", password=***, realm=" + realm + "]";
    }
}
