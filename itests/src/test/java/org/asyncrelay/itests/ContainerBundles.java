package org.asyncrelay.itests;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * Test libraries reach the container through its deploy folder, which FileInstall reads in its own
 * time: a probe must wait for them before it loads one of their classes.
 */
final class ContainerBundles {

    private ContainerBundles() {}

    static void awaitActive(BundleContext context, String symbolicName, long timeoutSeconds)
            throws InterruptedException {
        CountDownLatch active = new CountDownLatch(1);
        BundleListener listener = e -> {
            if (e.getType() == BundleEvent.STARTED
                    && symbolicName.equals(e.getBundle().getSymbolicName())) {
                active.countDown();
            }
        };
        context.addBundleListener(listener);
        try {
            for (Bundle b : context.getBundles()) {
                if (symbolicName.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                    active.countDown();
                }
            }
            if (!active.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(symbolicName + " not active in the container after " + timeoutSeconds + " s");
            }
        } finally {
            context.removeBundleListener(listener);
        }
    }
}
