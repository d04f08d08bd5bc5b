package org.asyncrelay.config.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * #21: the part of a configuration the relays of a cluster share, and a node's configuration made
 * from it. Shared: everything but the {@code cluster} block and the web UI's {@code listen_address}
 * and {@code port}, which say where this node listens. Written as canonical YAML (block style, keys
 * in the order given), so that the same configuration gives the same text, and hash, on every node.
 */
final class SharedText {

    static final String CLUSTER = "cluster";
    static final String WEB_UI = "web_ui";
    static final String[] LOCAL_WEB_UI_KEYS = {"listen_address", "port"};

    private SharedText() {}

    /** The shared part of {@code yaml}; empty when it is not a YAML mapping. */
    static Optional<String> of(String yaml) {
        return load(yaml).map(root -> {
            root.remove(RuntimeOverride.META);
            root.remove(CLUSTER);
            if (root.get(WEB_UI) instanceof Map<?, ?> web) {
                Map<Object, Object> copy = new LinkedHashMap<>(web);
                for (String k : LOCAL_WEB_UI_KEYS) {
                    copy.remove(k);
                }
                if (copy.isEmpty()) {
                    root.remove(WEB_UI);
                } else {
                    root.put(WEB_UI, copy);
                }
            }
            return dump(root);
        });
    }

    /**
     * This node's configuration from a cluster's {@code shared} text: the shared part, then this
     * node's own {@code cluster} block and web UI address and port as {@code local} has them.
     */
    static Optional<String> withLocal(String shared, String local) {
        Optional<Map<String, Object>> s = load(shared);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> root = s.get();
        Map<String, Object> own = load(local).orElse(Map.of());
        if (own.get(WEB_UI) instanceof Map<?, ?> ownWeb) {
            Map<Object, Object> web =
                    root.get(WEB_UI) instanceof Map<?, ?> w ? new LinkedHashMap<>(w) : new LinkedHashMap<>();
            for (String k : LOCAL_WEB_UI_KEYS) {
                if (ownWeb.containsKey(k)) {
                    web.put(k, ownWeb.get(k));
                }
            }
            if (!web.isEmpty()) {
                root.put(WEB_UI, web);
            }
        }
        if (own.containsKey(CLUSTER)) {
            root.put(CLUSTER, own.get(CLUSTER));
        }
        return Optional.of(dump(root));
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> load(String yaml) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return doc instanceof Map<?, ?> m
                    ? Optional.of(new LinkedHashMap<>((Map<String, Object>) m))
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String dump(Map<String, Object> root) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        return new Yaml(options).dump(root);
    }
}
