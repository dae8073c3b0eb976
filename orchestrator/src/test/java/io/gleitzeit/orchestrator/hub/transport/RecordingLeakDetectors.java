package io.gleitzeit.orchestrator.hub.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty leak detectors that remember what they report. Must be installed before the JVM creates its first buffer
 * (Netty keeps the detector of {@code ByteBuf} in a static field), which is why leak tests get a JVM of their own.
 */
final class RecordingLeakDetectors extends ResourceLeakDetectorFactory {
    static final List<String> REPORTS = new CopyOnWriteArrayList<>();

    private RecordingLeakDetectors() {
    }

    static void install() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingLeakDetectors());
    }

    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
        return new ResourceLeakDetector<>(resource, samplingInterval) {
            @Override
            protected void reportTracedLeak(String resourceType, String records) {
                REPORTS.add(resourceType + ": " + records);
                super.reportTracedLeak(resourceType, records);
            }

            @Override
            protected void reportUntracedLeak(String resourceType) {
                REPORTS.add(resourceType + ": (untraced)");
                super.reportUntracedLeak(resourceType);
            }
        };
    }

    /**
     * Collects garbage and makes the detector look at it: it reports what was collected unreleased the next time a
     * buffer is allocated.
     */
    static void collectAndReport() {
        System.gc();
        System.runFinalization();
        for (int i = 0; i < 100; i++) {
            ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(16);
            probe.release();
        }
    }

    /** Leaks one buffer on purpose, marked with {@code hint}, to show that reporting works. */
    static void leakOneBuffer(String hint) {
        ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(16);
        leaked.writeInt(42);
        leaked.touch(hint);
    }
}
