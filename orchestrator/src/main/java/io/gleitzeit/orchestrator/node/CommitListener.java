package io.gleitzeit.orchestrator.node;

import io.gleitzeit.log.Commit;

/**
 * Told of every commit of every partition, in order per partition, as the node's {@link CommitFeed} reads them.
 * Runs on the feed's single reader thread: must not block (hand slow work to another thread).
 */
@FunctionalInterface
public interface CommitListener {

    void onCommit(Commit commit);
}
