package org.asyncrelay.web;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.asyncrelay.webui}, written by the config bundle from the YAML file's {@code web_ui} block. */
@ObjectClassDefinition(
        name = "async-relay web UI",
        description = "The web UI and REST API: where they listen and how they authenticate (YAML: web_ui).")
public @interface WebUiConfig {

    @AttributeDefinition(name = "Enabled", description = "Serve the web UI and REST API (the seed's default: off).")
    boolean enabled() default false;

    @AttributeDefinition(
            name = "Listen address",
            description =
                    "IP address or host name to bind; 127.0.0.1 keeps the UI on this host, :: or 0.0.0.0 opens it.")
    String listen_address() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 8088;

    @AttributeDefinition(
            name = "Authentication",
            description = "Require HTTP Basic credentials on every path: the user name and password below, or a JAAS"
                    + " realm.")
    boolean auth_enabled() default false;

    @AttributeDefinition(name = "User name", required = false)
    String auth_username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String auth_password() default "";

    @AttributeDefinition(
            name = "JAAS realm",
            required = false,
            description = "Authenticate against this JAAS realm (karaf: the users of etc/users.properties with role"
                    + " admin) instead of the user name and password above.")
    String auth_realm() default "";
}
