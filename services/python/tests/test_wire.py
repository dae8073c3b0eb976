import unittest
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from gleitzeit_sdk import _wire
from gleitzeit_sdk._wire import Assignment, WireError

NOW = datetime(2025, 1, 31, 12, 0, 0, tzinfo=timezone.utc)


class AssignmentTest(unittest.TestCase):
    def test_a_minimal_assignment_takes_defaults(self):
        a = Assignment.from_wire({"task_id": "t-1"})

        self.assertEqual((a.attempt, a.idempotency_key, a.parameters, a.time_limit, a.deadline),
                         (1, "t-1:1", {}, None, None))

    def test_the_idempotency_key_is_derived_from_task_and_attempt_when_absent(self):
        self.assertEqual(Assignment.from_wire({"task_id": "t", "attempt": 3}).idempotency_key, "t:3")
        self.assertEqual(Assignment.from_wire({"task_id": "t", "idempotency_key": "k"}).idempotency_key, "k")

    def test_external_parameters_win_over_parameters_unless_empty(self):
        both = {"task_id": "t", "parameters": {"p": 1}, "external_parameters": {"function_name": "f"}}
        empty_external = {"task_id": "t", "parameters": {"p": 1}, "external_parameters": {}}

        self.assertEqual(Assignment.from_wire(both).parameters, {"function_name": "f"})
        self.assertEqual(Assignment.from_wire(empty_external).parameters, {"p": 1})

    def test_the_shorter_of_the_two_timeouts_limits_the_attempt_and_zero_means_none(self):
        self.assertEqual(Assignment.from_wire({"task_id": "t", "timeout": 30, "external_timeout": 0.5}).time_limit,
                         0.5)
        self.assertEqual(Assignment.from_wire({"task_id": "t", "timeout": 0, "external_timeout": "12"}).time_limit,
                         12.0)
        self.assertIsNone(Assignment.from_wire({"task_id": "t", "timeout": 0}).time_limit)

    def test_deadlines_are_read_as_the_hub_writes_them(self):
        cases = {
            "2025-01-31T12:00:00Z": NOW,
            "2025-01-31T12:00:00.123456789Z": NOW + timedelta(microseconds=123456),
            "2025-01-31T13:00:00+01:00": NOW,
            "2025-01-31T12:00:00": NOW,
            1738324800: NOW,
        }
        for text, expected in cases.items():
            self.assertEqual(Assignment.from_wire({"task_id": "t", "deadline": text}).deadline, expected, text)

    def test_unreadable_fields_are_named(self):
        for payload, message in (
                ([], "task:assign must be an object, got list"),
                ({}, "task_id is required and must be a non-blank string"),
                ({"task_id": "t", "attempt": "2"}, "attempt must be an integer, got '2'"),
                ({"task_id": "t", "timeout": -1}, "timeout must not be negative, got -1"),
                ({"task_id": "t", "deadline": "soon"}, "deadline must be an ISO-8601 timestamp or epoch seconds")):
            with self.assertRaises(WireError) as raised:
                Assignment.from_wire(payload)
            self.assertIn(message, str(raised.exception))


class EffectiveDeadlineTest(unittest.TestCase):
    def test_the_earliest_of_deadline_task_limit_and_function_limit_wins(self):
        a = Assignment.from_wire({"task_id": "t", "timeout": 60, "deadline": "2025-01-31T12:00:30Z"})

        self.assertEqual(a.effective_deadline(NOW), NOW + timedelta(seconds=30))
        self.assertEqual(a.effective_deadline(NOW, own_limit=5), NOW + timedelta(seconds=5))

    def test_without_any_limit_there_is_no_deadline(self):
        self.assertIsNone(Assignment.from_wire({"task_id": "t"}).effective_deadline(NOW))


class TimestampTest(unittest.TestCase):
    def test_timestamps_are_utc_with_a_z_like_java_instants(self):
        self.assertEqual(_wire.timestamp(NOW), "2025-01-31T12:00:00Z")
        self.assertEqual(_wire.timestamp(NOW + timedelta(microseconds=250000)), "2025-01-31T12:00:00.250Z")
        self.assertEqual(_wire.timestamp(datetime(2025, 1, 31, 13, 0, tzinfo=timezone(timedelta(hours=1)))),
                         "2025-01-31T12:00:00Z")


@dataclass
class Point:
    x: int
    y: int


class ResultConversionTest(unittest.TestCase):
    def test_plain_json_values_pass_unchanged(self):
        value = {"a": [1, 2.5, "s", None, True], "b": {}}

        self.assertEqual(_wire.to_json_value(value), value)

    def test_python_values_become_json(self):
        self.assertEqual(_wire.to_json_value((1, 2)), [1, 2])
        self.assertEqual(_wire.to_json_value({3, 1, 2}), [1, 2, 3])
        self.assertEqual(_wire.to_json_value(Point(1, 2)), {"x": 1, "y": 2})
        self.assertEqual(_wire.to_json_value(Decimal("2.50")), 2.5)
        self.assertEqual(_wire.to_json_value({1: "a"}), {"1": "a"})
        self.assertEqual(_wire.to_json_value(NOW), "2025-01-31T12:00:00Z")

    def test_values_json_cannot_carry_are_refused_saying_where(self):
        with self.assertRaises(ValueError) as nan:
            _wire.to_json_value({"stats": [1.0, float("nan")]})
        with self.assertRaises(TypeError) as other:
            _wire.to_json_value({"handle": object()})

        self.assertEqual(str(nan.exception), "result.stats[1] is nan, which JSON cannot carry")
        self.assertEqual(str(other.exception), "result.handle contains a object, which is not JSON")


class PayloadTest(unittest.TestCase):
    def test_the_registration_has_the_protocol_shape(self):
        self.assertEqual(_wire.registration("n-1", "svc", ["python_execution", "function"], 4, ["a", "b"], None), {
            "node_id": "n-1", "name": "svc", "node_type": "external_service",
            "capabilities": {"task_types": ["python_execution", "function"], "max_concurrent_tasks": 4,
                             "external_service": True, "service_capabilities": []},
            "service_type": "function", "functions": ["a", "b"], "models": [], "endpoints": []})

    def test_acks_answer_yes_unless_they_say_ok_false(self):
        self.assertTrue(_wire.ack_succeeded(()))
        self.assertTrue(_wire.ack_succeeded(({"ok": True},)))
        self.assertFalse(_wire.ack_succeeded(({"ok": False, "error": {"code": "forbidden", "message": "no"}},)))


if __name__ == "__main__":
    unittest.main()
