package org.asyncrelay.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.asyncrelay.api.ConfigFile;

@Service
@Command(
        scope = "relay",
        name = "reload",
        description = "Reads the YAML configuration file again and applies it now; an invalid file changes nothing.")
public class ReloadCommand implements Action {

    @Reference(optional = true)
    ConfigFile configFile;

    @Override
    public Object execute() throws CommandException {
        if (configFile == null) {
            throw new CommandException(
                    "No YAML configuration file is set (bin/relay -c FILE, or config:edit org.asyncrelay.config)");
        }
        ConfigFile.ReloadResult result = configFile.reload();
        result.warnings().forEach(w -> System.out.println("warning: " + w));
        result.errors().forEach(e -> System.out.println("error: " + e));
        if (!result.applied()) {
            throw new CommandException(configFile.path() + ": not applied, the running configuration stays in force");
        }
        System.out.println(configFile.path() + ": reloaded and applied");
        return null;
    }
}
