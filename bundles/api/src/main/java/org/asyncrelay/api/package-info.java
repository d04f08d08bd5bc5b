/** The contract between async-relay's bundles: services, their state and the configuration PIDs. */
@Export
@Version("3.3.0")
package org.asyncrelay.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
