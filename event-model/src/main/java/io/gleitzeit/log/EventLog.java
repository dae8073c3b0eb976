package io.gleitzeit.log;

/**
 * The event log: appending, reading and command delivery over Redis Streams. Components depend on the narrowest role
 * they need ({@link EventAppender}, {@link EventReader}, {@link CommandSender}).
 */
public interface EventLog extends EventAppender, EventReader, CommandSender {

    /** The partitioning every key of this log follows. */
    PartitionScheme partitions();
}
