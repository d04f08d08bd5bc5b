package org.asyncrelay.shell;

import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.asyncrelay.api.ConfigChecker;
import org.asyncrelay.api.ConfigFile;

@Service
@Command(
        scope = "relay",
        name = "check",
        description =
                "Validates a configuration file as a reload would, applying nothing: errors with file, line and field.")
public class CheckCommand implements Action {

    @Argument(index = 0, name = "file", description = "The YAML file; by default the one in force", required = false)
    @Completion(FileCompleter.class)
    String file;

    @Reference(optional = true)
    ConfigChecker checker;

    @Reference(optional = true)
    ConfigFile inForce;

    @Override
    public Object execute() throws CommandException {
        if (checker == null) {
            throw new CommandException("The config bundle is not running");
        }
        Path path;
        if (file != null) {
            path = Path.of(file);
        } else if (inForce != null) {
            path = inForce.path();
        } else {
            throw new CommandException("No configuration file is in force: name one, relay:check FILE");
        }
        ConfigFile.ReloadResult r = checker.check(path);
        r.warnings().forEach(w -> System.out.println("warning: " + w));
        r.errors().forEach(e -> System.out.println("error: " + e));
        if (!r.errors().isEmpty()) {
            throw new CommandException(path + ": " + r.errors().size() + " error(s)");
        }
        System.out.println(path + ": valid");
        return null;
    }
}
