package io.gleitzeit.replay.audit;

/** The invariants {@code verify} checks; each violation names one. */
public enum Check {
    /** Every commit of a workflow stream can be decoded (valid JSON, known shape, events of this workflow). */
    COMMIT_READABLE("commit-readable"),
    /** A commit stored as version {@code v} (entry id {@code v-0}) starts with the event of version {@code v}. */
    COMMIT_LOCATION("commit-location"),
    /** Versions run 1, 2, 3, … without gap or repeat. */
    VERSIONS_CONTIGUOUS("versions-contiguous"),
    /** No event id occurs twice (ids are deterministic: a repeat means an input was decided into the log twice). */
    UNIQUE_EVENT_IDS("unique-event-ids"),
    /** The fold ({@code WorkflowEvolver}) accepts every event. */
    FOLD("fold"),
    /** A task is dispatched only after every task it depends on completed. */
    DISPATCH_AFTER_DEPENDENCIES("dispatch-after-dependencies"),
    /** No (task, attempt) is dispatched twice. */
    SINGLE_DISPATCH("single-dispatch"),
    /** No (task, attempt) is completed twice. */
    SINGLE_COMPLETION("single-completion"),
    /** Nothing follows a terminal workflow event (events of unknown newer types aside, which the fold allows). */
    NOTHING_AFTER_TERMINAL("nothing-after-terminal"),
    /** A workflow in a partition's index has a stream, and the other way round. */
    INDEXED("indexed"),
    /**
     * The stored copy of a finished workflow's state (the workflow-summary read model) equals the fold of its events:
     * status, task count and tasks per status.
     */
    STORED_STATE("stored-state"),
    /** A dead letter refers to an existing entry and workflow, and its workflow's parked mark lists it. */
    DEAD_LETTER("dead-letter");

    private final String label;

    Check(String label) {
        this.label = label;
    }

    /** The name shown in reports. */
    public String label() {
        return label;
    }
}
