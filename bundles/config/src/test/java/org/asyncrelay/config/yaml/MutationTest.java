package org.asyncrelay.config.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.asyncrelay.api.ConfigProblem;
import org.junit.jupiter.api.Test;

/** Random mutations of a valid file never crash the parser: each is valid or has positioned errors. */
class MutationTest {

    static final String ALPHABET = ":-[]{}\"' \n\t#&*!|>%@`,?0123456789abcxyz.";
    static final String[] VALUES = {
        "", "-1", "0", "65536", "1e9", "null", "~", "true", "[]", "{}", "\"x\"", "&a", "*a", "!!int", "| ", "a:b", "::",
        "[::1]:1"
    };

    @Test
    void thousandsOfMutationsYieldAConfigurationOrErrors() {
        Random random = new Random(20261126);
        String base = ConfigParserTest.SEED_EXAMPLE;
        int valid = 0;
        int invalid = 0;
        for (int round = 0; round < 3000; round++) {
            String text = base;
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                text = mutate(text, random);
            }
            ParseResult result = ConfigParser.parse(text, "m.yaml");
            int lines = text.split("\n", -1).length + 1;
            if (result.valid()) {
                valid++;
                assertThat(result.configuration()).isPresent();
            } else {
                invalid++;
                assertThat(result.configuration()).isEmpty();
                for (ConfigProblem p : result.errors()) {
                    assertThat(p.toString()).startsWith("m.yaml");
                    assertThat(p.message()).isNotBlank();
                    assertThat(p.line()).isBetween(0, lines);
                }
            }
        }
        assertThat(valid).as("some mutations stay valid").isPositive();
        assertThat(invalid).as("most mutations break something").isGreaterThan(valid);
    }

    static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int kind = random.nextInt(6);
        int at = random.nextInt(Math.max(1, text.length()));
        switch (kind) {
            case 0:
                return text.substring(0, at) + text.substring(Math.min(text.length(), at + 1));
            case 1:
                return text.substring(0, at) + ALPHABET.charAt(random.nextInt(ALPHABET.length())) + text.substring(at);
            case 2: {
                int i = random.nextInt(lines.size());
                lines.add(i, lines.get(random.nextInt(lines.size())));
                return String.join("\n", lines);
            }
            case 3: {
                int i = random.nextInt(lines.size());
                lines.remove(i);
                return String.join("\n", lines);
            }
            case 4: {
                int i = random.nextInt(lines.size());
                String line = lines.get(i);
                int colon = line.indexOf(':');
                if (colon > 0) {
                    lines.set(i, line.substring(0, colon + 1) + " " + VALUES[random.nextInt(VALUES.length)]);
                }
                return String.join("\n", lines);
            }
            default: {
                int i = random.nextInt(lines.size());
                lines.set(i, "  ".repeat(random.nextInt(4)) + lines.get(i).trim());
                return String.join("\n", lines);
            }
        }
    }
}
