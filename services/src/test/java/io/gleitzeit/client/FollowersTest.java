package io.gleitzeit.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.protocol.WorkflowCompletedNotice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Followers of finished workflows are forgotten, so a long-lived client re-subscribes only what still runs. */
class FollowersTest {
    private final Followers followers = new Followers();
    private final List<String> heard = new ArrayList<>();

    private WorkflowListener recorder(String name) {
        return new WorkflowListener() {
            @Override
            public void onCompleted(WorkflowCompletedNotice completed) {
                heard.add(name + ":" + completed.workflowId());
            }
        };
    }

    private static WorkflowCompletedNotice done(String workflowId) {
        return new WorkflowCompletedNotice(workflowId, "completed", 1, 0, Map.of(), Map.of(), Instant.EPOCH);
    }

    @Test
    void aCompletedWorkflowIsNoLongerFollowedAndItsFollowersHeardItOnce() {
        followers.add("wf-1", recorder("a"));
        followers.add("wf-1", recorder("b"));
        followers.add("wf-2", recorder("c"));

        assertThat(followers.completed(done("wf-1"))).as("no follower left").isTrue();
        assertThat(followers.completed(done("wf-1"))).as("a repeated notice finds nobody").isFalse();

        assertThat(heard).containsExactly("a:wf-1", "b:wf-1");
        assertThat(followers.workflows()).containsExactly("wf-2");
    }

    @Test
    void completingOneFollowerLeavesTheOthersOfItsWorkflow() {
        Followers.Follower first = followers.add("wf-1", recorder("a"));
        followers.add("wf-1", recorder("b"));

        assertThat(followers.completeOnce(first, done("wf-1"))).isFalse();

        assertThat(heard).containsExactly("a:wf-1");
        assertThat(followers.workflows()).containsExactly("wf-1");
        assertThat(followers.of("wf-1")).hasSize(1);
    }
}
