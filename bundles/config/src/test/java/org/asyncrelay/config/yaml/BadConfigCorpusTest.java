package org.asyncrelay.config.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.asyncrelay.api.ConfigProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each file under bad/ names the exact errors it must produce in its "# error:" header lines. */
class BadConfigCorpusTest {

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(BadConfigCorpusTest.class.getResource("/bad").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsExactlyTheExpectedErrors(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> expected = text.lines()
                .filter(l -> l.startsWith("# error: "))
                .map(l -> l.substring("# error: ".length()))
                .toList();
        assertThat(expected).as("the file names its expected errors").isNotEmpty();

        ParseResult result = ConfigParser.parse(text, "config.yaml");

        assertThat(result.valid()).isFalse();
        assertThat(result.configuration()).isEmpty();
        assertThat(result.errors()).map(ConfigProblem::toString).containsExactlyInAnyOrderElementsOf(expected);
    }
}
