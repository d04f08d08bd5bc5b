package org.asyncrelay.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of bin/relay's JVM. Before Karaf boots it checks the configuration file and makes
 * the installation's first credentials, in this JVM rather than in JVMs of their own before it
 * (#17: each took 0.1-0.3 s of the start on 2 cores). Both run from the config bundle's classes in
 * a class loader of their own, dropped before Karaf starts, so they never meet the bundles' copies.
 */
public final class RelayLauncher {

    /** The status for an invalid configuration; bin/relay exits 1 on it, its errors printed. */
    public static final int INVALID_CONFIGURATION = 78;
    /** The status when the credentials could not be made; bin/relay exits 4 on it. */
    public static final int NO_CREDENTIALS = 77;

    static final String CLASSPATH = "asyncrelay.preflight.classpath";
    static final String CONFIG = "asyncrelay.config";
    static final String ETC = "karaf.etc";

    private RelayLauncher() {}

    public static void main(String[] args) throws Exception {
        int status = preflight(
                System.getProperty(CLASSPATH), System.getProperty(CONFIG), System.getProperty(ETC), System.err);
        if (status != 0) {
            System.exit(status);
        }
        // the preflight's classes and garbage go now, before Karaf's: unloaded, not kept for good (+3 MB)
        System.gc();
        Class.forName("org.apache.karaf.main.Main")
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }

    /**
     * Checks {@code config} and makes the credentials under {@code etc}; 0, or the status to exit
     * with, what went wrong printed on {@code err}.
     */
    static int preflight(String classpath, String config, String etc, PrintStream err) throws IOException {
        if (classpath == null || config == null || etc == null) {
            err.println("relay: error: " + CLASSPATH + ", " + CONFIG + " and " + ETC + " must be set");
            return INVALID_CONFIGURATION;
        }
        try (URLClassLoader loader = new URLClassLoader(urls(classpath), ClassLoader.getPlatformClassLoader())) {
            Object checked = call(
                    loader,
                    "org.asyncrelay.config.cli.ConfigCheck",
                    "run",
                    new Class<?>[] {String[].class, PrintStream.class, PrintStream.class},
                    new String[] {"--quiet", config},
                    System.out,
                    err);
            if (!Integer.valueOf(0).equals(checked)) {
                return INVALID_CONFIGURATION;
            }
            Object made = call(
                    loader,
                    "org.asyncrelay.config.cli.FirstStartCredentials",
                    "make",
                    new Class<?>[] {String.class, PrintStream.class, PrintStream.class},
                    etc,
                    System.out,
                    err);
            return Boolean.TRUE.equals(made) ? 0 : NO_CREDENTIALS;
        }
    }

    private static Object call(ClassLoader loader, String type, String name, Class<?>[] parameters, Object... args)
            throws IOException {
        try {
            Method m = Class.forName(type, true, loader).getMethod(name, parameters);
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new IOException(type + "." + name + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException(type + "." + name + " not found in " + CLASSPATH, e);
        }
    }

    private static URL[] urls(String classpath) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(new URL[0]);
    }
}
