package io.gleitzeit.log;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Maps workflows to partitions. Every key of one partition carries the same Redis Cluster hash tag, so a multi-key
 * atomic step never crosses slots. The partition count is fixed for the life of a deployment (changing it would move
 * existing workflows), like Kafka's partition count.
 */
public record PartitionScheme(int count) {
    public static final int DEFAULT_PARTITIONS = 8;

    public PartitionScheme {
        if (count < 1 || count > 4096) {
            throw new IllegalArgumentException("partition count must be within 1..4096, was " + count);
        }
    }

    /** The partition of a workflow: CRC-32 of its id modulo the count, stable across versions and languages. */
    public int partitionOf(String workflowId) {
        CRC32 crc = new CRC32();
        crc.update(workflowId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }
}
