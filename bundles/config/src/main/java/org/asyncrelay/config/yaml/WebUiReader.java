package org.asyncrelay.config.yaml;

import java.util.Map;
import java.util.Optional;
import org.asyncrelay.api.settings.SettingValues;
import org.asyncrelay.api.settings.WebUiSettings;
import org.yaml.snakeyaml.nodes.Node;

/** The {@code web_ui} block, read by {@link WebUiSettings#ALL}. */
final class WebUiReader {

    private final NodeReader reader;
    private final SettingsReader settings;

    WebUiReader(NodeReader reader) {
        this.reader = reader;
        this.settings = new SettingsReader(
                reader,
                WebUiSettings.ALL,
                Map.of(WebUiSettings.LISTEN_ADDRESS, (n, path) -> Addresses.listenAddress(reader, n, path)));
    }

    Optional<SettingValues> read(Node node) {
        return settings.read(node, "web_ui").map(read -> {
            SettingValues v = read.values();
            Node auth = read.blocks().get("auth");
            if (auth != null
                    && v.get(WebUiSettings.AUTH_ENABLED)
                    && v.get(WebUiSettings.AUTH_REALM).isEmpty()
                    && (v.get(WebUiSettings.AUTH_USERNAME).isEmpty()
                            || v.get(WebUiSettings.AUTH_PASSWORD).isEmpty())) {
                reader.problems()
                        .error(
                                auth,
                                "web_ui.auth",
                                "enabled: expected a non-empty username and password, or realm: karaf");
            }
            return v;
        });
    }
}
