/**
 * The one definition of each configurable setting: its key in the YAML file and in ConfigAdmin,
 * its type, range, default and description. The YAML reader, the bridge that writes ConfigAdmin,
 * the metatype forms and every component that reads a configuration work from these tables.
 */
@Export
@Version("1.3.0")
package org.asyncrelay.api.settings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
