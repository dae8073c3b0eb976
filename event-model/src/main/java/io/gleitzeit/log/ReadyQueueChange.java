package io.gleitzeit.log;

/**
 * Whether, after an append, the workflow has ready tasks that found no service with capacity. Such workflows are
 * indexed per partition so that, when capacity appears, the runtime knows whom to send
 * {@link io.gleitzeit.command.DispatchReadyTasks}. Appends report a change only when the answer flips.
 */
public enum ReadyQueueChange {
    UNCHANGED, WAITING, NOT_WAITING
}
