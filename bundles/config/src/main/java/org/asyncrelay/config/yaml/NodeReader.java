package org.asyncrelay.config.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.asyncrelay.api.settings.Spelling;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Typed reads of YAML nodes; a value of the wrong kind is reported and read as empty. */
final class NodeReader {

    private final ProblemCollector problems;

    NodeReader(ProblemCollector problems) {
        this.problems = problems;
    }

    ProblemCollector problems() {
        return problems;
    }

    /**
     * The keys of a mapping in file order. Duplicate keys are errors; unknown keys are warnings
     * naming the closest known key.
     */
    Optional<Map<String, Node>> fields(Node node, String path, Set<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            problems.error(node, path, "expected a mapping of " + String.join(", ", known) + ", got " + describe(node));
            return Optional.empty();
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                problems.error(keyNode, path, "expected a key name, got " + describe(keyNode));
                continue;
            }
            String name = key.getValue();
            String fieldPath = join(path, name);
            if (fields.containsKey(name)) {
                problems.error(keyNode, fieldPath, "duplicate key \"" + name + "\"");
                continue;
            }
            if (name.startsWith("_")) {
                // metadata such as the _meta block of config.runtime.yaml: not configuration
                continue;
            }
            if (!known.contains(name)) {
                String hint = Spelling.closest(name, known)
                        .map(s -> "; did you mean \"" + s + "\"?")
                        .orElse("; known keys: " + String.join(", ", known));
                problems.warning(keyNode, fieldPath, "unknown key \"" + name + "\" ignored" + hint);
                continue;
            }
            fields.put(name, tuple.getValueNode());
        }
        return Optional.of(fields);
    }

    Optional<List<Node>> sequence(Node node, String path, String of) {
        if (node instanceof SequenceNode seq) {
            return Optional.of(seq.getValue());
        }
        problems.error(node, path, "expected a list of " + of + ", got " + describe(node));
        return Optional.empty();
    }

    Optional<String> string(Node node, String path, String expected) {
        if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
            return Optional.of(scalar.getValue());
        }
        problems.error(node, path, "expected " + expected + ", got " + describe(node));
        return Optional.empty();
    }

    Optional<Long> integer(Node node, String path, long min, long max, String expected) {
        if (node instanceof ScalarNode scalar
                && (Tag.INT.equals(scalar.getTag()) || Tag.STR.equals(scalar.getTag()))
                && scalar.getValue().trim().matches("[-+]?[0-9]{1,18}")) {
            long value = Long.parseLong(scalar.getValue().trim());
            if (value >= min && value <= max) {
                return Optional.of(value);
            }
        }
        problems.error(node, path, "expected " + expected + ", got " + describe(node));
        return Optional.empty();
    }

    Optional<Boolean> bool(Node node, String path) {
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            String v = scalar.getValue().toLowerCase();
            return Optional.of(v.equals("true") || v.equals("yes") || v.equals("on"));
        }
        problems.error(node, path, "expected true or false, got " + describe(node));
        return Optional.empty();
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (Tag.NULL.equals(scalar.getTag())) {
            return "nothing";
        }
        if (Tag.STR.equals(scalar.getTag())) {
            return "\"" + scalar.getValue() + "\"";
        }
        return scalar.getValue();
    }
}
