package org.asyncrelay.config.yaml;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.asyncrelay.config.model.AuthSettings;
import org.asyncrelay.config.model.WebUiSettings;
import org.yaml.snakeyaml.nodes.Node;

/** The {@code web_ui} block. */
final class WebUiReader {

    private static final Set<String> KEYS =
            new LinkedHashSet<>(List.of("enabled", "listen_address", "port", "auth", "allow_hook_changes"));
    private static final Set<String> AUTH_KEYS =
            new LinkedHashSet<>(List.of("enabled", "username", "password", "realm"));

    private final NodeReader reader;

    WebUiReader(NodeReader reader) {
        this.reader = reader;
    }

    Optional<WebUiSettings> read(Node node) {
        return reader.fields(node, "web_ui", KEYS).map(f -> {
            WebUiSettings d = WebUiSettings.DEFAULTS;
            boolean enabled = opt(f, "enabled")
                    .flatMap(n -> reader.bool(n, "web_ui.enabled"))
                    .orElse(d.enabled());
            String address = opt(f, "listen_address")
                    .flatMap(n -> Addresses.listenAddress(reader, n, "web_ui.listen_address"))
                    .orElse(d.listenAddress());
            int port = opt(f, "port")
                    .flatMap(n -> reader.integer(n, "web_ui.port", 1, 65535, "an integer 1-65535"))
                    .map(Long::intValue)
                    .orElse(d.port());
            AuthSettings auth = opt(f, "auth").flatMap(this::auth).orElse(AuthSettings.DISABLED);
            boolean hookChanges = opt(f, "allow_hook_changes")
                    .flatMap(n -> reader.bool(n, "web_ui.allow_hook_changes"))
                    .orElse(d.allowHookChanges());
            return new WebUiSettings(enabled, address, port, auth, hookChanges);
        });
    }

    private Optional<AuthSettings> auth(Node node) {
        return reader.fields(node, "web_ui.auth", AUTH_KEYS).map(f -> {
            boolean enabled = opt(f, "enabled")
                    .flatMap(n -> reader.bool(n, "web_ui.auth.enabled"))
                    .orElse(false);
            String user = opt(f, "username")
                    .flatMap(n -> reader.string(n, "web_ui.auth.username", "a user name"))
                    .orElse("");
            String password = opt(f, "password")
                    .flatMap(n -> reader.string(n, "web_ui.auth.password", "a password"))
                    .orElse("");
            String realm = opt(f, "realm")
                    .flatMap(n -> reader.string(n, "web_ui.auth.realm", "a JAAS realm name such as karaf"))
                    .orElse("");
            if (enabled && realm.isEmpty() && (user.isEmpty() || password.isEmpty())) {
                reader.problems()
                        .error(
                                node,
                                "web_ui.auth",
                                "enabled: expected a non-empty username and password, or realm: karaf");
            }
            return new AuthSettings(enabled, user, password, realm);
        });
    }

    private static Optional<Node> opt(Map<String, Node> fields, String key) {
        return Optional.ofNullable(fields.get(key));
    }
}
