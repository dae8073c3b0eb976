package io.gleitzeit.services.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.services.sdk.AttemptLedger.Admission;
import org.junit.jupiter.api.Test;

class AttemptLedgerTest {
    private final AttemptLedger ledger = new AttemptLedger(2);

    @Test
    void aNewKeyIsAdmittedOnceAndIsRunningUntilFinished() {
        assertThat(ledger.admit("t:1")).isEqualTo(Admission.NEW);
        assertThat(ledger.admit("t:1")).isEqualTo(Admission.RUNNING);

        ledger.finish("t:1");

        assertThat(ledger.admit("t:1")).isEqualTo(Admission.FINISHED);
        assertThat(ledger.admit("t:2")).isEqualTo(Admission.NEW);
    }

    @Test
    void onlyTheMostRecentFinishedKeysAreRemembered() {
        for (String key : new String[] {"a:1", "b:1", "c:1"}) {
            ledger.admit(key);
            ledger.finish(key);
        }

        assertThat(ledger.finishedCount()).isEqualTo(2);
        assertThat(ledger.admit("c:1")).isEqualTo(Admission.FINISHED);
        assertThat(ledger.admit("a:1")).isEqualTo(Admission.NEW);
    }
}
