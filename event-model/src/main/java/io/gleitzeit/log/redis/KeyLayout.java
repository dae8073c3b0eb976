package io.gleitzeit.log.redis;

import io.gleitzeit.log.PartitionScheme;
import java.util.Objects;

/**
 * Every Redis key of the event log. Keys of partition {@code p} carry the hash tag {@code {p<p>}} and cluster-wide
 * keys the tag {@code {cluster}}, so each multi-key script touches one hash slot (Redis Cluster ready). The part of
 * a key up to and including its hash tag is its <em>scope</em>; a stream's dead letters live in its scope.
 *
 * <pre>
 * &lt;prefix&gt;{p3}:wf:&lt;workflowId&gt;    a workflow's stream: one entry per commit, id &lt;firstVersion&gt;-0, fields n, e
 * &lt;prefix&gt;{p3}:blobs:&lt;workflowId&gt; HASH sha256 → a payload of the workflow stored by reference
 * &lt;prefix&gt;{p3}:events             the partition's commits: fields wf, v, n, e
 * &lt;prefix&gt;{p3}:commands           the partition's commands: fields wf, c (a command) or wf, t (a fired timer)
 * &lt;prefix&gt;{p3}:timers             ZSET due millis → timer member ({@link TimerMember})
 * &lt;prefix&gt;{p3}:waiting            ZSET workflows whose ready tasks found no capacity, by when they started waiting
 * &lt;prefix&gt;{p3}:workflows          ZSET workflow ids by submission time
 * &lt;prefix&gt;{p3}:dlq                dead letters of every stream of the scope
 * &lt;prefix&gt;{p3}:parked             HASH &lt;stream name&gt;|&lt;group&gt;|&lt;workflowId&gt; → dead-letter entry id
 * &lt;prefix&gt;{p3}:held:&lt;stream name&gt;:&lt;group&gt;:&lt;workflowId&gt;   entries waiting behind a parked one
 * &lt;prefix&gt;{cluster}:events         cluster events: field e
 * </pre>
 *
 * @param prefix     prepended to every key (e.g. {@code gz:}); may be empty, must not contain braces
 * @param partitions the partitioning of workflows
 */
public record KeyLayout(String prefix, PartitionScheme partitions) {
    /** The prefix of a deployment that sets none. */
    public static final String DEFAULT_PREFIX = "gz:";
    private static final String CLUSTER_TAG = "{cluster}";

    public KeyLayout {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(partitions, "partitions");
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("prefix must not contain '{' or '}' (it would change the hash tag): "
                    + prefix);
        }
    }

    /** The default prefix with the given partitioning. */
    public static KeyLayout withDefaultPrefix(PartitionScheme partitions) {
        return new KeyLayout(DEFAULT_PREFIX, partitions);
    }

    /** {@code <prefix>{p<partition>}}: the start of every key of the partition. */
    public String scope(int partition) {
        if (partition < 0 || partition >= partitions.count()) {
            throw new IllegalArgumentException("partition must be within 0.." + (partitions.count() - 1)
                    + ", was " + partition);
        }
        return prefix + "{p" + partition + "}";
    }

    /** The stream of one workflow. */
    public String workflowStream(String workflowId) {
        return scope(partitions.partitionOf(workflowId)) + ":wf:" + workflowId;
    }

    /** A workflow's payloads stored by reference ({@link io.gleitzeit.payload.BlobRef}), by SHA-256. */
    public String blobs(String workflowId) {
        return scope(partitions.partitionOf(workflowId)) + ":blobs:" + workflowId;
    }

    /** The partition's event stream (one entry per commit). */
    public String events(int partition) {
        return scope(partition) + ":events";
    }

    /** The partition's command stream. */
    public String commands(int partition) {
        return scope(partition) + ":commands";
    }

    /** The partition's due timers. */
    public String timers(int partition) {
        return scope(partition) + ":timers";
    }

    /** The partition's workflows with ready tasks waiting for capacity. */
    public String waiting(int partition) {
        return scope(partition) + ":waiting";
    }

    /** The partition's workflows by submission time. */
    public String workflows(int partition) {
        return scope(partition) + ":workflows";
    }

    /** The cluster event stream. */
    public String clusterEvents() {
        return prefix + CLUSTER_TAG + ":events";
    }

    /** The dead-letter stream of the scope {@code stream} belongs to. */
    public String deadLetters(String stream) {
        return scopeOf(stream) + ":dlq";
    }

    /** The hash of parked workflows of the scope {@code stream} belongs to. */
    public String parked(String stream) {
        return scopeOf(stream) + ":parked";
    }

    /** Where entries of {@code workflowId} wait while an earlier one of theirs is parked. */
    public String held(String stream, String group, String workflowId) {
        return scopeOf(stream) + ":held:" + nameOf(stream) + ":" + group + ":" + workflowId;
    }

    /** The field of {@link #parked(String)} that marks {@code workflowId} parked for {@code group} on {@code stream}. */
    public String parkedField(String stream, String group, String workflowId) {
        return nameOf(stream) + "|" + group + "|" + workflowId;
    }

    /** Whether {@code stream} belongs to {@code partition}. */
    public boolean isOfPartition(String stream, int partition) {
        return scopeOf(stream).equals(scope(partition));
    }

    /**
     * The scope of a stream of this layout ({@code <prefix>{…}}). Fails, naming the key, for a key outside the layout.
     */
    public String scopeOf(String stream) {
        Objects.requireNonNull(stream, "stream");
        int close = stream.indexOf('}');
        if (!stream.startsWith(prefix + "{") || close < 0 || close + 1 >= stream.length()
                || stream.charAt(close + 1) != ':') {
            throw new IllegalArgumentException("stream " + stream + " is not a key of the layout with prefix '"
                    + prefix + "' (expected " + prefix + "{<tag>}:<name>)");
        }
        return stream.substring(0, close + 1);
    }

    /** The part of a stream key after its scope and colon ({@code commands}, {@code events}, {@code wf:<id>}). */
    public String nameOf(String stream) {
        return stream.substring(scopeOf(stream).length() + 1);
    }
}
