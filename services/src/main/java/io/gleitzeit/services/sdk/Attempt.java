package io.gleitzeit.services.sdk;

import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.protocol.Usage;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One attempt held by the service, from assignment to its single outcome. Exactly one of completion, failure,
 * timeout or cancellation wins ({@link #finish(State)}); only the winner reports, so a timed-out or cancelled
 * attempt can never also complete.
 */
final class Attempt implements TaskContext {
    enum State {
        QUEUED, RUNNING, COMPLETED, FAILED, TIMED_OUT, CANCELLED;

        boolean isFinal() {
            return this != QUEUED && this != RUNNING;
        }
    }

    /** Where progress and chunks go. */
    interface Reporter {
        /** {@code endpointId}: the endpoint the attempt runs on from now on, when it moved; else {@code null}. */
        void progress(Attempt attempt, double percent, String message, String chunk, String endpointId);
    }

    private final TaskAssignment assignment;
    private final Instant deadline;
    private final Reporter reporter;
    private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
    private volatile Usage usage;
    private volatile String endpointId;
    private volatile double lastPercent;
    private volatile ScheduledFuture<?> timer;
    private Thread runner;

    Attempt(TaskAssignment assignment, Instant deadline, Reporter reporter) {
        this.assignment = assignment;
        this.deadline = deadline;
        this.reporter = reporter;
    }

    String key() {
        return assignment.idempotencyKey();
    }

    State state() {
        return state.get();
    }

    /** Moves from queued to running on the current thread; false when the attempt already ended. */
    synchronized boolean start() {
        if (!state.compareAndSet(State.QUEUED, State.RUNNING)) {
            return false;
        }
        runner = Thread.currentThread();
        return true;
    }

    /** Ends the attempt with the given outcome; true only for the first caller. */
    boolean finish(State outcome) {
        if (!outcome.isFinal()) {
            throw new IllegalArgumentException("not an outcome: " + outcome);
        }
        State current = state.get();
        while (!current.isFinal()) {
            if (state.compareAndSet(current, outcome)) {
                ScheduledFuture<?> t = timer;
                if (t != null) {
                    t.cancel(false);
                }
                return true;
            }
            current = state.get();
        }
        return false;
    }

    /** Interrupts the handler if it is still on its thread. */
    synchronized void interrupt() {
        if (runner != null) {
            runner.interrupt();
        }
    }

    /**
     * Releases the worker thread: after this, {@link #interrupt()} cannot reach it, and an interrupt meant for this
     * attempt that arrived late is cleared so it does not hit the next task on the thread.
     */
    synchronized void release() {
        runner = null;
        Thread.interrupted();
    }

    void timer(ScheduledFuture<?> timer) {
        this.timer = timer;
        if (state.get().isFinal()) {
            timer.cancel(false);
        }
    }

    Usage reportedUsage() {
        return usage;
    }

    /** The endpoint the handler reported, else the one the assignment named. */
    String reportedEndpoint() {
        String reported = endpointId;
        return reported != null ? reported : assignment.endpointId();
    }

    @Override
    public TaskAssignment assignment() {
        return assignment;
    }

    @Override
    public void progress(double percent, String message) {
        if (!isCancelled()) {
            lastPercent = Math.max(0, Math.min(100, percent));
            reporter.progress(this, lastPercent, message, null, null);
        }
    }

    @Override
    public void chunk(String text) {
        if (!isCancelled() && text != null && !text.isEmpty()) {
            reporter.progress(this, lastPercent, null, text, null);
        }
    }

    @Override
    public void usage(Usage usage) {
        this.usage = usage;
    }

    /**
     * Records the endpoint; when the hub assigned the attempt to an endpoint and this is another one (failover
     * within the attempt), tells the hub at once with a progress report naming it, so that the load figures count
     * the attempt where it runs from now on rather than only when it completes.
     */
    @Override
    public void endpoint(String endpointId) {
        String before = reportedEndpoint();
        this.endpointId = endpointId;
        if (assignment.endpointId() != null && endpointId != null && !endpointId.equals(before) && !isCancelled()) {
            reporter.progress(this, lastPercent, "running on endpoint " + endpointId, null, endpointId);
        }
    }

    @Override
    public boolean isCancelled() {
        State s = state.get();
        return s == State.CANCELLED || s == State.TIMED_OUT || s == State.FAILED;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }
}
