package org.asyncrelay.config.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.asyncrelay.api.settings.Setting;
import org.asyncrelay.api.settings.SettingValues;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a YAML mapping by a table of settings: the table gives the keys, the blocks ({@code
 * listen: {port: ...}} for {@code listen.port}), each value's type and range and the words of
 * each error. What a value needs beyond its type (a listen address, backend addresses) is read
 * by a {@link Special} reader given for that setting.
 */
final class SettingsReader {

    /** Reads one setting's node at its path; reports its own errors, empty when there was one. */
    interface Special extends BiFunction<Node, String, Optional<?>> {}

    /** What a mapping gave: the values (defaults for what it left out) and the node of each given one. */
    record Read(SettingValues values, Map<Setting<?>, Node> given, Map<String, Node> blocks) {
        boolean has(Setting<?> s) {
            return given.containsKey(s);
        }
    }

    private final NodeReader reader;
    private final ProblemCollector problems;
    private final List<Setting<?>> table;
    private final Map<Setting<?>, Special> specials;

    SettingsReader(NodeReader reader, List<Setting<?>> table, Map<Setting<?>, Special> specials) {
        this.reader = reader;
        this.problems = reader.problems();
        this.table = table;
        this.specials = Map.copyOf(specials);
    }

    /** The keys of the mapping itself, in table order: settings and the names of blocks. */
    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Setting<?> s : table) {
            keys.add(head(s.key()));
        }
        return keys;
    }

    private Set<String> blockKeys(String block) {
        Set<String> keys = new LinkedHashSet<>();
        for (Setting<?> s : table) {
            if (head(s.key()).equals(block) && s.key().contains(".")) {
                keys.add(s.key().substring(block.length() + 1));
            }
        }
        return keys;
    }

    /**
     * Reads what {@code node} gives; a required setting that is missing is reported at its
     * mapping, unless its whole block is missing (the caller says what the block must hold).
     */
    Optional<Read> read(Node node, String path) {
        Optional<Map<String, Node>> top = reader.fields(node, path, keys());
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> blocks = new LinkedHashMap<>();
        Map<String, Map<String, Node>> blockFields = new LinkedHashMap<>();
        for (Setting<?> s : table) {
            String head = head(s.key());
            if (s.key().contains(".")
                    && !blockFields.containsKey(head)
                    && top.get().containsKey(head)) {
                Node block = top.get().get(head);
                blocks.put(head, block);
                blockFields.put(
                        head,
                        reader.fields(block, NodeReader.join(path, head), blockKeys(head))
                                .orElse(null));
            }
        }
        SettingValues.Builder values = SettingValues.builder(table);
        Map<Setting<?>, Node> given = new LinkedHashMap<>();
        for (Setting<?> s : table) {
            Node parent = node;
            Map<String, Node> fields = top.get();
            String name = s.key();
            if (s.key().contains(".")) {
                String head = head(s.key());
                if (!blockFields.containsKey(head)) {
                    continue;
                }
                fields = blockFields.get(head);
                if (fields == null) {
                    continue;
                }
                parent = blocks.get(head);
                name = s.key().substring(head.length() + 1);
            }
            String at = NodeReader.join(path, s.key());
            Node n = fields.get(name);
            if (n == null) {
                if (s.required()) {
                    String what = s.isList() ? "a list of " + s.plural() : s.expected();
                    problems.error(parent, at, "missing: expected " + what);
                }
                continue;
            }
            given.put(s, n);
            read(s, n, at).ifPresent(v -> set(values, s, v));
        }
        return Optional.of(new Read(values.build(), given, blocks));
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(SettingValues.Builder values, Setting<T> s, Object v) {
        values.set(s, (T) v);
    }

    private Optional<?> read(Setting<?> s, Node n, String path) {
        Special special = specials.get(s);
        if (special != null) {
            return special.apply(n, path);
        }
        return switch (s.type()) {
            case FLAG -> reader.bool(n, path);
            case COUNT, SECONDS ->
                reader.integer(n, path, s.min(), s.max(), s.expected()).map(Long::intValue);
            case TEXT, PASSWORD -> reader.string(n, path, s.expected()).flatMap(v -> checked(s, n, path, v));
            case CHOICE -> reader.string(n, path, s.expected()).flatMap(v -> choice(s, n, path, v, false));
            case TEXT_LIST, NETWORKS -> list(s, n, path, false);
            case CHOICE_LIST -> list(s, n, path, true);
            case BACKENDS -> throw new IllegalStateException(s + ": backends need a special reader");
        };
    }

    private Optional<String> checked(Setting<?> s, Node n, String path, String value) {
        String problem = s.problemOf(value);
        if (problem == null) {
            return Optional.of(value);
        }
        problems.error(n, path, problem);
        return Optional.empty();
    }

    private Optional<String> choice(Setting<?> s, Node n, String path, String value, boolean hint) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (s.options().contains(v)) {
            return Optional.of(v);
        }
        problems.error(n, path, s.notAnOption(value, hint));
        return Optional.empty();
    }

    private Optional<List<String>> list(Setting<?> s, Node n, String path, boolean choices) {
        return reader.sequence(n, path, s.plural()).map(items -> {
            List<String> result = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String itemPath = path + "[" + i + "]";
                reader.string(item, itemPath, s.expected())
                        .flatMap(v -> choices ? choice(s, item, itemPath, v, true) : checked(s, item, itemPath, v))
                        .ifPresent(result::add);
            }
            return List.copyOf(result);
        });
    }

    private static String head(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }
}
