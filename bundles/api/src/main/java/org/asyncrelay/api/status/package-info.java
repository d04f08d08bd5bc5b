/**
 * What every view of the relay shows (the shell's tables, the REST API's status, the web UI, the
 * web console page and its inventory), built once from the running {@code RelayService}s.
 */
@Export
@Version("1.2.0")
package org.asyncrelay.api.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
