package org.asyncrelay.engine;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records Netty's leak reports so that tests can fail on them instead of only logging them. */
final class LeakWatch {

    static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                    Class<T> resource, int samplingInterval, long maxActive) {
                return new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected void reportTracedLeak(String type, String records) {
                        LEAKS.add("LEAK: " + type + records);
                    }

                    @Override
                    protected void reportUntracedLeak(String type) {
                        LEAKS.add("LEAK: " + type);
                    }
                };
            }
        });
    }

    private LeakWatch() {}

    static void install() {
        // loading the class runs the static block
    }
}
