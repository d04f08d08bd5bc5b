package org.asyncrelay.config.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.asyncrelay.api.ConfigProblem;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.asyncrelay.api.settings.WebUiSettings;
import org.asyncrelay.config.model.RelayConfiguration;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * #14: a hook command runs as the relay's OS user, so the program and its arguments are the file
 * owner's to choose. A configuration saved at runtime (REST API, UI) may keep, drop or re-time the
 * hooks of the file on disk, but may set or change a command or its arguments only when that file
 * says {@code web_ui.allow_hook_changes: true}.
 */
final class HookChangeGuard {

    private HookChangeGuard() {}

    /**
     * @param submitted the configuration about to be saved, valid
     * @param yaml its text, for the lines of the refusals
     * @param onDisk the file as the operator wrote it, or null when it cannot be read
     * @return one problem per command or argument list the submission may not set
     */
    static List<ConfigProblem> refusals(
            RelayConfiguration submitted, String yaml, String target, RelayConfiguration onDisk) {
        if (onDisk != null && onDisk.webUi().get(WebUiSettings.ALLOW_HOOK_CHANGES)) {
            return List.of();
        }
        Map<String, SettingValues> fileServices = onDisk == null
                ? Map.of()
                : onDisk.services().stream()
                        .collect(Collectors.toMap(s -> s.get(ServiceSettings.NAME), s -> s, (a, b) -> a));
        SettingValues none = SettingValues.defaults(ServiceSettings.ALL);
        List<ConfigProblem> refused = new ArrayList<>();
        List<SettingValues> services = submitted.services();
        for (int i = 0; i < services.size(); i++) {
            SettingValues hook = services.get(i);
            if (hook.get(ServiceSettings.EVENT_HOOK_COMMAND).isEmpty()) {
                continue;
            }
            SettingValues file = fileServices.getOrDefault(hook.get(ServiceSettings.NAME), none);
            String field = !hook.get(ServiceSettings.EVENT_HOOK_COMMAND)
                            .equals(file.get(ServiceSettings.EVENT_HOOK_COMMAND))
                    ? "command"
                    : !hook.get(ServiceSettings.EVENT_HOOK_ARGS).equals(file.get(ServiceSettings.EVENT_HOOK_ARGS))
                            ? "args"
                            : null;
            if (field != null) {
                int line = lineOf(yaml, i, field);
                refused.add(new ConfigProblem(
                        target,
                        line,
                        line > 0 ? 1 : 0,
                        "services[" + i + "].event_hook." + field,
                        "an event_hook " + (field.equals("command") ? "command" : "command's arguments")
                                + " can only be set or changed in the configuration file itself"
                                + " (web_ui.allow_hook_changes: true in that file allows it here)"));
            }
        }
        return refused;
    }

    /** The line of {@code services[index].event_hook.<field>} in the text, 0 when not found. */
    private static int lineOf(String yaml, int index, String field) {
        return YamlText.compose(yaml)
                .flatMap(root -> YamlText.child(root, "services"))
                .filter(n -> n instanceof SequenceNode s && s.getValue().size() > index)
                .flatMap(n -> YamlText.child(((SequenceNode) n).getValue().get(index), "event_hook"))
                .flatMap(n -> YamlText.child(n, field))
                .map(n -> n.getStartMark().getLine() + 1)
                .orElse(0);
    }
}
