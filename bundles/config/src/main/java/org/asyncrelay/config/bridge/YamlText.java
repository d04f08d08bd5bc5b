package org.asyncrelay.config.bridge;

import java.io.StringReader;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Edits of a configuration's YAML text that keep everything else as the operator wrote it (lines,
 * comments, layout): SnakeYAML finds the node, its marks say where the text to change stands.
 */
final class YamlText {

    private YamlText() {}

    /** The document's node tree, empty when the text is not YAML. */
    static Optional<Node> compose(String yaml) {
        try {
            return Optional.ofNullable(
                    new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The value of {@code key} in a mapping node. */
    static Optional<Node> child(Node node, String key) {
        return entry(node, key).map(NodeTuple::getValueNode);
    }

    static Optional<NodeTuple> entry(Node node, String key) {
        if (!(node instanceof MappingNode m)) {
            return Optional.empty();
        }
        return m.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue()))
                .findFirst();
    }

    /** {@code yaml} with the text from {@code start} to {@code end} replaced; marks count code points. */
    static String replace(String yaml, Node start, Node end, String replacement) {
        int from = yaml.offsetByCodePoints(0, start.getStartMark().getIndex());
        int to = yaml.offsetByCodePoints(0, end.getEndMark().getIndex());
        return yaml.substring(0, from) + replacement + yaml.substring(to);
    }

    /** {@code value} as a double-quoted YAML scalar on one line, escaped by SnakeYAML's emitter. */
    static String quoted(String value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultScalarStyle(DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        String dumped = new Yaml(options).dump(value);
        return dumped.endsWith("\n") ? dumped.substring(0, dumped.length() - 1) : dumped;
    }
}
