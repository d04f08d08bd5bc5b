package org.asyncrelay.config.yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.asyncrelay.api.ConfigProblem;
import org.asyncrelay.api.settings.AccessLogSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.asyncrelay.api.settings.WebUiSettings;
import org.asyncrelay.config.model.RelayConfiguration;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a configuration file into a {@link RelayConfiguration}, reporting every problem at once
 * with its line, column and field path.
 */
public final class ConfigParser {

    private static final Set<String> ROOT_KEYS =
            new LinkedHashSet<>(List.of("web_ui", "access_log", "services", "cluster"));

    /** Larger files are refused before parsing: a relay configuration is a few KiB. */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private ConfigParser() {}

    public static ParseResult parse(Path file) {
        String name = file.toString();
        byte[] bytes;
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // #20: relay:check /dev/zero read without end, until the relay ran out of memory
            return fileError(name, "not a regular file");
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return fileError(name, "file not found");
        } catch (IOException e) {
            return fileError(name, "cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            return fileError(name, "file has more than the " + MAX_FILE_BYTES + " bytes allowed");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return fileError(name, "not UTF-8 text");
        }
        return parse(text, name);
    }

    public static ParseResult parse(String text, String fileName) {
        ProblemCollector problems = new ProblemCollector(fileName);
        Optional<Node> root = compose(text, problems);
        if (root.isEmpty()) {
            return new ParseResult(Optional.empty(), problems.errors(), problems.warnings());
        }
        NodeReader reader = new NodeReader(problems);
        Optional<Map<String, Node>> fields = reader.fields(root.get(), "", ROOT_KEYS);
        if (fields.isEmpty()) {
            return new ParseResult(Optional.empty(), problems.errors(), problems.warnings());
        }
        SettingValues webUi = Optional.ofNullable(fields.get().get("web_ui"))
                .flatMap(n -> new WebUiReader(reader).read(n))
                .orElse(SettingValues.defaults(WebUiSettings.ALL));
        SettingValues accessLog = Optional.ofNullable(fields.get().get("access_log"))
                .flatMap(n -> new SettingsReader(reader, AccessLogSettings.ALL, Map.of()).read(n, "access_log"))
                .map(SettingsReader.Read::values)
                .orElse(SettingValues.defaults(AccessLogSettings.ALL));
        List<SettingValues> services =
                readServices(reader, root.get(), fields.get().get("services"));
        Optional<SettingValues> cluster =
                Optional.ofNullable(fields.get().get("cluster")).flatMap(n -> new ClusterReader(reader).read(n));
        if (problems.hasErrors()) {
            return new ParseResult(Optional.empty(), problems.errors(), problems.warnings());
        }
        return new ParseResult(
                Optional.of(new RelayConfiguration(webUi, accessLog, services, cluster)),
                problems.errors(),
                problems.warnings());
    }

    private static List<SettingValues> readServices(NodeReader reader, Node root, Node servicesNode) {
        if (servicesNode == null) {
            reader.problems().error(root, "services", "missing: expected a list of services");
            return List.of();
        }
        List<SettingValues> services = new ArrayList<>();
        ServiceReader serviceReader = new ServiceReader(reader);
        ListenConflicts conflicts = new ListenConflicts(reader.problems());
        reader.sequence(servicesNode, "services", "services").ifPresent(items -> {
            if (items.isEmpty()) {
                reader.problems().warning(servicesNode, "services", "no services: the relay will listen on nothing");
            }
            for (int i = 0; i < items.size(); i++) {
                String path = "services[" + i + "]";
                Node item = items.get(i);
                serviceReader.read(item, path).ifPresent(s -> {
                    services.add(s);
                    conflicts.check(s, item, path);
                });
            }
        });
        return services;
    }

    private static Optional<Node> compose(String text, ProblemCollector problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by NodeReader with a position instead
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(MAX_FILE_BYTES);
        Yaml yaml = new Yaml(options);
        try (Reader reader = new StringReader(text)) {
            Iterable<Node> documents = yaml.composeAll(reader);
            Node first = null;
            for (Node document : documents) {
                if (first != null) {
                    Mark mark = document.getStartMark();
                    problems.fileError(
                            mark.getLine() + 1, mark.getColumn() + 1, "expected one YAML document, found a second one");
                    return Optional.empty();
                }
                first = document;
            }
            if (first == null) {
                problems.fileError(0, 0, "the file is empty: expected a mapping with a services list");
                return Optional.empty();
            }
            return Optional.of(first);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            problems.fileError(
                    mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1,
                    "YAML syntax error: " + what + context);
            return Optional.empty();
        } catch (YAMLException | IOException e) {
            problems.fileError(0, 0, "YAML syntax error: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static ParseResult fileError(String name, String message) {
        return new ParseResult(Optional.empty(), List.of(new ConfigProblem(name, 0, 0, "", message)), List.of());
    }
}
