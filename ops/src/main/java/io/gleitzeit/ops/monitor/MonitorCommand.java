package io.gleitzeit.ops.monitor;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gleitzeit monitor}: the cluster, live in the terminal, or one snapshot for scripts. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Show the cluster live: services (icon per kind, Tasks: active/max, Success: %%), endpoints",
            "with their GPU load, workflows by status and recent events, redrawn in place on every update",
            "from the hub (monitor:subscribe). Works over SSH; --once prints one snapshot and exits."})
public final class MonitorCommand implements Callable<Integer> {
    private static final String CLEAR = "\u001b[H\u001b[2J";

    @Option(names = "--hub", paramLabel = "URL", defaultValue = "${env:GLEITZEIT_HUB_URL:-http://localhost:8000}",
            description = "The hub to watch (env GLEITZEIT_HUB_URL; default: ${DEFAULT-VALUE}).")
    String hub;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:GLEITZEIT_TOKEN}",
            description = "A token with the monitor (or admin) role, when the hub requires one (env GLEITZEIT_TOKEN).")
    String token;

    @Option(names = "--once", description = "Print one snapshot and exit (for scripts).")
    boolean once;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "0",
            description = "Redraw at most this often; 0 redraws on every update from the hub (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = "--plain", description = "ASCII only: no colours, no icons, no clearing the screen; each "
            + "snapshot is printed below the previous one.")
    boolean plain;

    @Option(names = "--events", paramLabel = "N", defaultValue = "10",
            description = "Recent events shown (default: ${DEFAULT-VALUE}).")
    int eventCount;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the hub to answer (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        URI uri = hubUri();
        if (!(intervalSeconds >= 0)) {
            throw new ParameterException(spec.commandLine(), "--interval must not be negative, was " + intervalSeconds);
        }
        if (eventCount < 0) {
            throw new ParameterException(spec.commandLine(), "--events must not be negative, was " + eventCount);
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1, was " + timeoutSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        TerminalView view = new TerminalView(plain || once ? TerminalView.Style.PLAIN : TerminalView.Style.ANSI,
                ZoneId.systemDefault());
        try (MonitorSession session = MonitorSession.open(uri, token, Duration.ofSeconds(timeoutSeconds))) {
            if (once) {
                out.print(view.render(hub, session.metrics(), session.events(), eventCount));
                out.flush();
                return 0;
            }
            CountDownLatch closed = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(closed::countDown, "gleitzeit-monitor-exit"));
            long minGap = Math.round(intervalSeconds * 1000);
            long[] lastDraw = {0};
            session.onChange(s -> {
                long now = System.currentTimeMillis();
                if (now - lastDraw[0] < minGap) {
                    return;
                }
                lastDraw[0] = now;
                String frame = view.render(hub, s.metrics(), s.events(), eventCount);
                synchronized (out) {
                    out.print(plain ? frame + "\n" : CLEAR + frame);
                    out.flush();
                }
            });
            closed.await();
            return 0;
        }
    }

    private URI hubUri() {
        try {
            URI uri = new URI(hub);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ParameterException(spec.commandLine(),
                        "--hub must be an http:// or https:// URL with a host, was '" + hub + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--hub is not a URL: " + e.getMessage(), e);
        }
    }
}
