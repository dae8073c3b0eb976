package io.gleitzeit.services.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TaskFaultTest {
    @Test
    void badInputIsNotRetryable() {
        TaskFault fault = TaskFault.of(new IllegalArgumentException("n < 0"));

        assertThat(fault).isEqualTo(new TaskFault("n < 0", "invalid_argument", TaskFault.Retry.NOT_ALLOWED));
    }

    @Test
    void aTimeoutIsARetryableTimeout() {
        assertThat(TaskFault.of(new TimeoutException("slow backend")))
                .isEqualTo(new TaskFault("slow backend", "timeout", TaskFault.Retry.ALLOWED));
    }

    @Test
    void otherExceptionsAreRetryableAndNamedByTheirClass() {
        TaskFault fault = TaskFault.of(new IllegalStateException());

        assertThat(fault.retryable()).isTrue();
        assertThat(fault.errorType()).isEqualTo("IllegalStateException");
        assertThat(fault.message()).isEqualTo("IllegalStateException");
    }

    @Test
    void aTaskFailedExceptionSaysItself() {
        TaskFault fault = TaskFault.of(TaskFailedException.nonRetryable("quota", "used up"));

        assertThat(fault).isEqualTo(new TaskFault("used up", "quota", TaskFault.Retry.NOT_ALLOWED));
    }
}
