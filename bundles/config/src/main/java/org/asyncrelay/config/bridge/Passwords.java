package org.asyncrelay.config.bridge;

import java.util.Optional;
import java.util.regex.Pattern;
import org.asyncrelay.api.ConfigFile;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * #8: the web UI password never leaves the config bundle. It is replaced in the YAML text where it
 * stands (so every other line keeps its number), and a mask sent back is replaced by the password
 * in force.
 */
final class Passwords {

    private static final Pattern PASSWORD_LINE =
            Pattern.compile("(?m)^(\\s*(?:password|secret)\\s*:)[ \\t]*(?!\\s*$)(?![|>])[^\\r\\n]*$");

    private Passwords() {}

    /** {@code yaml} with the web UI password replaced by {@link ConfigFile#PASSWORD_MASK}. */
    static String mask(String yaml) {
        Optional<ScalarNode> node = passwordNode(yaml);
        Optional<ScalarNode> secret = secretNode(yaml);
        if (node.isPresent() || secret.isPresent()) {
            // the later one first, so that the earlier one's marks still hold
            String masked = yaml;
            if (secret.isPresent()
                    && node.isPresent()
                    && secret.get().getStartMark().getIndex()
                            < node.get().getStartMark().getIndex()) {
                masked = replace(masked, node.get(), quoted(ConfigFile.PASSWORD_MASK));
                return replace(masked, secret.get(), quoted(ConfigFile.PASSWORD_MASK));
            }
            if (secret.isPresent()) {
                masked = replace(masked, secret.get(), quoted(ConfigFile.PASSWORD_MASK));
            }
            return node.isPresent() ? replace(masked, node.get(), quoted(ConfigFile.PASSWORD_MASK)) : masked;
        }
        // not readable as YAML: mask every line that looks like a password rather than show one
        return PASSWORD_LINE
                .matcher(yaml)
                .replaceAll("$1 " + java.util.regex.Matcher.quoteReplacement(quoted(ConfigFile.PASSWORD_MASK)));
    }

    /** {@code yaml} with a masked password replaced by {@code current}; unchanged otherwise. */
    static String unmask(String yaml, String current) {
        return passwordNode(yaml)
                .filter(n -> ConfigFile.PASSWORD_MASK.equals(n.getValue()))
                .map(n -> replace(yaml, n, quoted(current)))
                .orElse(yaml);
    }

    /** #21: {@code yaml} with a masked cluster secret replaced by {@code current}; unchanged otherwise. */
    static String unmaskSecret(String yaml, String current) {
        return secretNode(yaml)
                .filter(n -> ConfigFile.PASSWORD_MASK.equals(n.getValue()))
                .map(n -> replace(yaml, n, quoted(current)))
                .orElse(yaml);
    }

    private static Optional<ScalarNode> secretNode(String yaml) {
        return YamlText.compose(yaml)
                .flatMap(root -> YamlText.child(root, "cluster"))
                .flatMap(n -> YamlText.child(n, "secret"))
                .filter(ScalarNode.class::isInstance)
                .map(ScalarNode.class::cast);
    }

    private static Optional<ScalarNode> passwordNode(String yaml) {
        return YamlText.compose(yaml)
                .flatMap(root -> YamlText.child(root, "web_ui"))
                .flatMap(n -> YamlText.child(n, "auth"))
                .flatMap(n -> YamlText.child(n, "password"))
                .filter(ScalarNode.class::isInstance)
                .map(ScalarNode.class::cast);
    }

    private static String replace(String yaml, ScalarNode node, String replacement) {
        return YamlText.replace(yaml, node, node, replacement);
    }

    private static String quoted(String value) {
        return YamlText.quoted(value);
    }
}
