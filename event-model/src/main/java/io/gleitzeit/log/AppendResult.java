package io.gleitzeit.log;

/**
 * What an append did.
 *
 * @param version        the workflow's version after the append
 * @param eventsPosition where the commit stands in the partition's event stream
 */
public record AppendResult(long version, StreamPosition eventsPosition) {
}
