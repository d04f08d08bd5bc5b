package org.asyncrelay.web;

import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The configuration as the seed's JSON API carries it: a tree of maps, lists and scalars, read from
 * and written as YAML text, which is what the config bundle validates and saves.
 */
final class YamlDocuments {

    private YamlDocuments() {}

    /** The tree of {@code yaml}; empty when it is not a YAML mapping. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(String yaml) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return loaded instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** {@code tree} as block-style YAML. */
    static String yaml(Map<String, ?> tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return new Yaml(options).dump(tree);
    }
}
