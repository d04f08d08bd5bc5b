package org.asyncrelay.api.settings;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The configuration form of a table of settings, for the web console's configuration manager:
 * registered as a {@link MetaTypeProvider} service with {@code metatype.pid} or {@code
 * metatype.factory.pid} by the bundle that reads the configuration, as a component extending this
 * class.
 */
public class SettingsMetaType implements MetaTypeProvider {

    private final ObjectClassDefinition definition;

    /**
     * @param nameHint the web console's name for each factory configuration ("{name} ..."), or
     *     null
     */
    protected SettingsMetaType(String id, String name, String description, List<Setting<?>> settings, String nameHint) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Setting<?> s : settings) {
            if (!s.isFileOnly()) {
                attributes.add(new Attribute(s));
            }
        }
        if (nameHint != null) {
            attributes.add(new NameHint(nameHint));
        }
        this.definition = new Definition(id, name, description, List.copyOf(attributes));
    }

    @Override
    public final ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
        return definition.getID().equals(id) ? definition : null;
    }

    @Override
    public final String[] getLocales() {
        return null;
    }

    private record Definition(String id, String name, String description, List<AttributeDefinition> attributes)
            implements ObjectClassDefinition {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            if (filter == OPTIONAL) {
                return new AttributeDefinition[0];
            }
            return attributes.toArray(AttributeDefinition[]::new);
        }

        @Override
        public InputStream getIcon(int size) {
            return null;
        }
    }

    private record Attribute(Setting<?> setting) implements AttributeDefinition {

        @Override
        public String getName() {
            return setting.label();
        }

        @Override
        public String getID() {
            return setting.property();
        }

        @Override
        public String getDescription() {
            return setting.description();
        }

        @Override
        public int getCardinality() {
            return setting.isList() ? Integer.MAX_VALUE : 0;
        }

        @Override
        public int getType() {
            return switch (setting.type()) {
                case FLAG -> BOOLEAN;
                case COUNT, SECONDS -> INTEGER;
                case PASSWORD -> PASSWORD;
                default -> STRING;
            };
        }

        @Override
        public String[] getOptionValues() {
            return setting.options().isEmpty() ? null : setting.options().toArray(String[]::new);
        }

        @Override
        public String[] getOptionLabels() {
            return getOptionValues();
        }

        @Override
        public String validate(String value) {
            List<String> problems = new ArrayList<>();
            setting.fromProperty(value, problems);
            return problems.isEmpty() ? "" : problems.get(0);
        }

        @Override
        public String[] getDefaultValue() {
            Object d = setting.defaultValue();
            if (d == null) {
                return null;
            }
            if (d instanceof List<?> list) {
                return list.stream().map(Object::toString).toArray(String[]::new);
            }
            return new String[] {d.toString()};
        }
    }

    private record NameHint(String hint) implements AttributeDefinition {

        @Override
        public String getName() {
            return "Name hint";
        }

        @Override
        public String getID() {
            return "webconsole.configurationFactory.nameHint";
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public int getType() {
            return STRING;
        }

        @Override
        public String[] getOptionValues() {
            return null;
        }

        @Override
        public String[] getOptionLabels() {
            return null;
        }

        @Override
        public String validate(String value) {
            return "";
        }

        @Override
        public String[] getDefaultValue() {
            return new String[] {hint};
        }
    }
}
