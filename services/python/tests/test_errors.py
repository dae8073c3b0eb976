import unittest

from gleitzeit_sdk import TaskFailed, TaskFault, fault_of


class FaultOfTest(unittest.TestCase):
    def test_value_and_type_errors_are_bad_input_and_not_retryable(self):
        for exc in (ValueError("n must be positive"), TypeError("n must be positive")):
            self.assertEqual(fault_of(exc), TaskFault("n must be positive", "invalid_argument", False))

    def test_a_builtin_timeout_is_a_retryable_timeout(self):
        self.assertEqual(fault_of(TimeoutError("backend slow")), TaskFault("backend slow", "timeout", True))

    def test_other_exceptions_are_retryable_and_named_by_their_class(self):
        self.assertEqual(fault_of(ConnectionError("refused")), TaskFault("refused", "ConnectionError", True))

    def test_an_exception_without_message_is_described_by_its_class(self):
        self.assertEqual(fault_of(RuntimeError()).message, "RuntimeError")

    def test_task_failed_chooses_retryability_and_type(self):
        fault = fault_of(TaskFailed("quota used up", retryable=False, error_type="quota_exceeded"))

        self.assertEqual(fault, TaskFault("quota used up", "quota_exceeded", False))

    def test_task_failed_is_retryable_by_default(self):
        failed = TaskFailed("try again later")

        self.assertTrue(failed.retryable)
        self.assertEqual(failed.error_type, "task_failed")


class TaskFaultTest(unittest.TestCase):
    def test_blank_message_and_type_get_defaults(self):
        fault = TaskFault("  ", "", True)

        self.assertEqual(fault.message, "failed without a message")
        self.assertEqual(fault.error_type, "error")


if __name__ == "__main__":
    unittest.main()
