package io.gleitzeit.ops.cli;

/**
 * The log level of commands whose output is for a person (demo): slf4j-simple reads its level once, when the first
 * logger is made, so this must run before any component starts.
 */
final class Logging {
    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() {
    }

    /** Warnings and errors only, unless the user set a level. */
    static void quiet() {
        if (System.getProperty(LEVEL) == null) {
            System.setProperty(LEVEL, "warn");
        }
    }
}
