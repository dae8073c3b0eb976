package io.gleitzeit.services.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The system Python the SDK is tested with ({@code /usr/bin/python3}: Debian's {@code python3-socketio} lives
 * there, not in a pyenv interpreter), where the SDK's sources are, and conditions that skip tests with a visible
 * reason when the interpreter or its Socket.IO client is missing.
 */
final class PythonInterpreter {
    /** Overridable for machines whose system Python lives elsewhere. */
    static final String PATH = System.getProperty("gleitzeit.python", "/usr/bin/python3");
    static final String INSTALL_HINT =
            "apt-get install -y python3-socketio python3-websocket python3-requests";

    private static volatile String missingInterpreter;
    private static volatile String missingSocketIo;

    private PythonInterpreter() {
    }

    /** {@code services/python}, found from the module directory (Maven) or the repository root (IDEs). */
    static Path sdkDirectory() {
        for (Path candidate : List.of(Path.of("python"), Path.of("services", "python"))) {
            if (Files.isDirectory(candidate.resolve("src").resolve("gleitzeit_sdk"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("services/python not found from " + Path.of("").toAbsolutePath());
    }

    /** Why the interpreter cannot run, or {@code null} when it can. */
    static String whyNoInterpreter() {
        if (missingInterpreter == null) {
            missingInterpreter = Files.isExecutable(Path.of(PATH)) ? probe("import sys")
                    : PATH + " does not exist";
        }
        return missingInterpreter.isEmpty() ? null : missingInterpreter;
    }

    /** Why the Socket.IO client cannot be imported, or {@code null} when it can. */
    static String whyNoSocketIo() {
        String noInterpreter = whyNoInterpreter();
        if (noInterpreter != null) {
            return noInterpreter;
        }
        if (missingSocketIo == null) {
            missingSocketIo = probe("import socketio, websocket");
        }
        return missingSocketIo.isEmpty() ? null : missingSocketIo;
    }

    /** Empty when the snippet runs, else why not. */
    private static String probe(String snippet) {
        try {
            Process process = new ProcessBuilder(PATH, "-c", snippet).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return PATH + " did not answer within 30 s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? "" : PATH + " cannot run '" + snippet + "': "
                    + output.lines().reduce((first, last) -> last).orElse("exit " + process.exitValue());
        } catch (IOException e) {
            return "cannot start " + PATH + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing " + PATH;
        }
    }

    /** Skips unless {@link #PATH} runs. */
    static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String why = whyNoInterpreter();
            return why == null ? ConditionEvaluationResult.enabled(PATH + " runs")
                    : ConditionEvaluationResult.disabled(why);
        }
    }

    /** Skips unless {@link #PATH} can import the Socket.IO client and its websocket transport. */
    static final class SocketIoRequired implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String why = whyNoSocketIo();
            return why == null ? ConditionEvaluationResult.enabled(PATH + " has socketio and websocket")
                    : ConditionEvaluationResult.disabled(why + " (CI installs them: " + INSTALL_HINT + ")");
        }
    }
}
