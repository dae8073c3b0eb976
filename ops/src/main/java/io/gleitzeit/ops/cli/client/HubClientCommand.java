package io.gleitzeit.ops.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.GleitzeitClientException;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.ops.cli.HubOptions;
import io.gleitzeit.protocol.AckError;
import io.gleitzeit.protocol.ErrorDetail;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a hub as a client: connects with {@code --hub}/{@code --token}, runs, and turns the
 * client's errors into a message on stderr (or a JSON error with {@code --json}) and an {@link ExitCodes} code.
 */
abstract class HubClientCommand implements Callable<Integer> {
    static final ObjectMapper JSON = GleitzeitJson.newMapper();

    @Mixin
    HubOptions hub;

    @Option(names = "--json", description = "Print JSON (one document per line) instead of text.")
    boolean json;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to try each hub (default: ${DEFAULT-VALUE}).")
    long connectTimeoutSeconds;

    @Spec
    CommandSpec spec;

    /** Runs with a connected client; returns the exit code. */
    abstract int run(GleitzeitClient client, PrintWriter out) throws Exception;

    /** Checks the arguments before connecting; throws {@link IllegalArgumentException} naming the problem. */
    void validate() {
    }

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            validate();
            if (connectTimeoutSeconds < 1) {
                throw new IllegalArgumentException("--connect-timeout must be at least 1, was "
                        + connectTimeoutSeconds);
            }
            ClientOptions options;
            try {
                options = ClientOptions.newBuilder().hubUrls(hub.hubUrls()).token(hub.token())
                        .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds)).build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--hub: " + e.getMessage().replaceFirst("^hubUrls: ", ""), e);
            }
            try (GleitzeitClient client = GleitzeitClient.connect(options)) {
                return run(client, out);
            }
        } catch (IllegalArgumentException e) {
            return report(new GleitzeitClientException("bad_request", e.getMessage()));
        } catch (Exception e) {
            Throwable cause = unwrap(e);
            if (cause instanceof GleitzeitClientException g) {
                return report(g);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        } finally {
            out.flush();
        }
    }

    /** Prints the error and returns its exit code. */
    int report(GleitzeitClientException e) {
        int exit = exitCode(e.code());
        if (json) {
            ObjectNode error = JSON.createObjectNode();
            error.put("ok", false);
            error.set("error", JSON.valueToTree(new AckError(e.code(),
                    messageOf(e), e.details())));
            spec.commandLine().getOut().println(error);
        } else {
            PrintWriter err = spec.commandLine().getErr();
            err.println("gleitzeit " + spec.name() + ": " + e.getMessage());
            for (ErrorDetail d : e.details()) {
                err.println("  " + (d.path() == null ? "" : d.path() + ": ") + d.message());
            }
            if (exit == ExitCodes.CANNOT_CONNECT) {
                err.println("  Is a hub running? Start one with `./gleitzeit up`, or point --hub / GLEITZEIT_HUB_URL"
                        + " at yours.");
            }
            err.flush();
        }
        return exit;
    }

    static int exitCode(String code) {
        return switch (code) {
            case GleitzeitClientException.CONNECT_FAILED -> ExitCodes.CANNOT_CONNECT;
            case "invalid_workflow", "bad_request" -> ExitCodes.INVALID;
            default -> ExitCodes.FAILED;
        };
    }

    void printJson(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static String messageOf(GleitzeitClientException e) {
        String m = e.getMessage();
        return m.startsWith(e.code() + ": ") ? m.substring(e.code().length() + 2) : m;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
