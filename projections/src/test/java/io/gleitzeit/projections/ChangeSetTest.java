package io.gleitzeit.projections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChangeSetTest {

    @Nested
    class Hashes {
        @Test
        void aLaterChangeOfAFieldReplacesTheEarlierOne() {
            ChangeSet changes = new ChangeSet();

            changes.put("services", "a", "1");
            changes.put("services", "a", "2");
            changes.remove("services", "b");
            changes.put("services", "b", "3");

            assertThat(changes.hashes().get("services")).containsExactly(
                    java.util.Map.entry("a", "2"), java.util.Map.entry("b", "3"));
        }

        @Test
        void aRemovalAfterASetLeavesTheFieldDeleted() {
            ChangeSet changes = new ChangeSet();

            changes.put("open", "t#1", "x");
            changes.remove("open", "t#1");

            assertThat(changes.hashes().get("open")).containsEntry("t#1", null);
        }
    }

    @Nested
    class SortedSets {
        @Test
        void keepOnlyTheLastScoreOrRemovalOfAMember() {
            ChangeSet changes = new ChangeSet();

            changes.rank("status:running", "wf", 1);
            changes.unrank("status:running", "wf");
            changes.rank("status:failed", "wf", 1);

            assertThat(changes.sortedSets().get("status:running")).containsEntry("wf", null);
            assertThat(changes.sortedSets().get("status:failed")).containsEntry("wf", 1.0);
        }
    }

    @Test
    void isEmptyUntilSomethingChanges() {
        ChangeSet changes = new ChangeSet();
        assertThat(changes.isEmpty()).isTrue();

        changes.rank("all", "wf", 5);

        assertThat(changes.isEmpty()).isFalse();
    }
}
