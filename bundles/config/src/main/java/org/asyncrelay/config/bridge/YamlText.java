package org.asyncrelay.config.bridge;

import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** A configuration given as a tree (a JSON body of the REST API) written as block-style YAML. */
final class YamlText {

    private YamlText() {}

    static String of(Map<String, ?> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return new Yaml(options).dump(document);
    }
}
