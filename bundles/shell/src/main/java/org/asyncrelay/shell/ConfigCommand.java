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
        name = "config",
        description = "Prints the configuration in force (the file, or what the web UI saved), passwords masked.")
public class ConfigCommand implements Action {

    @Reference(optional = true)
    ConfigFile file;

    @Override
    public Object execute() throws CommandException {
        if (file == null) {
            throw new CommandException("No configuration file is in force: the services come from etc/*.cfg alone"
                    + " (config:list '(service.factoryPid=org.asyncrelay.service)' shows them)");
        }
        System.out.println("# " + file.path() + " (" + file.source() + ")");
        System.out.print(file.text());
        return null;
    }
}
