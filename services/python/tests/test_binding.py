import asyncio
import inspect
import unittest
from typing import Any, Dict, List, Optional

from gleitzeit_sdk import FunctionRegistry, TaskContext, TaskFailed


def registry_with(*functions):
    registry = FunctionRegistry()
    for function in functions:
        registry.register(function)
    return registry


def power(base: int, exponent: int = 2) -> int:
    return base ** exponent


class BindingArgumentsTest(unittest.TestCase):
    def setUp(self):
        self.registry = registry_with(power)

    def test_positional_args_bind_in_order(self):
        self.assertEqual(self.registry.invoke("power", [3, 3]), 27)

    def test_kwargs_bind_by_name(self):
        self.assertEqual(self.registry.invoke("power", None, {"exponent": 3, "base": 2}), 8)

    def test_args_and_kwargs_mix_as_in_python(self):
        self.assertEqual(self.registry.invoke("power", [5], {"exponent": 1}), 5)

    def test_defaults_fill_what_is_not_given(self):
        self.assertEqual(self.registry.invoke("power", [4]), 16)


class BindingErrorsTest(unittest.TestCase):
    def setUp(self):
        self.registry = registry_with(power)

    def failure(self, args=None, kwargs=None, name="power"):
        with self.assertRaises(TaskFailed) as raised:
            self.registry.invoke(name, args, kwargs)
        self.assertFalse(raised.exception.retryable)
        self.assertEqual(raised.exception.error_type, "invalid_argument")
        return str(raised.exception)

    def test_a_missing_required_argument_is_named(self):
        self.assertEqual(self.failure(kwargs={"exponent": 2}), "power: missing required argument 'base'")

    def test_an_unknown_argument_is_named_with_what_is_accepted(self):
        self.assertEqual(self.failure(kwargs={"base": 2, "c": 1}),
                         "power: unknown argument 'c'; it accepts base, exponent")

    def test_too_many_positional_arguments_are_refused(self):
        self.assertEqual(self.failure(args=[1, 2, 3]), "power: takes 2 positional argument(s) but 3 were given")

    def test_an_argument_given_by_position_and_by_name_is_refused(self):
        self.assertEqual(self.failure(args=[2], kwargs={"base": 3}), "power: got multiple values for argument 'base'")

    def test_args_must_be_an_array(self):
        self.assertEqual(self.failure(args={"base": 2}), "power: args must be an array, got an object")

    def test_kwargs_must_be_an_object(self):
        self.assertEqual(self.failure(kwargs=[2]), "power: kwargs must be an object, got list")


class TypeChecksTest(unittest.TestCase):
    def setUp(self):
        def typed(count: int, ratio: float, label: str, flag: bool, items: List[int], options: Dict[str, Any],
                  note: Optional[str] = None):
            return [count, ratio, label, flag, items, options, note]

        self.registry = registry_with(typed)
        self.valid = {"count": 1, "ratio": 0.5, "label": "x", "flag": True, "items": [1], "options": {}}

    def call(self, **changes):
        kwargs = dict(self.valid)
        kwargs.update(changes)
        return self.registry.invoke("typed", None, kwargs)

    def refusal(self, **changes):
        with self.assertRaises(TaskFailed) as raised:
            self.call(**changes)
        self.assertFalse(raised.exception.retryable)
        return str(raised.exception)

    def test_numeric_text_is_accepted_for_numbers(self):
        self.assertEqual(self.call(count="42", ratio="2.5")[:2], [42, 2.5])

    def test_an_integral_float_is_accepted_for_an_integer(self):
        self.assertEqual(self.call(count=3.0)[0], 3)

    def test_a_fraction_is_not_an_integer(self):
        self.assertEqual(self.refusal(count=2.5), "typed: argument 'count' expects an integer, got 2.5")

    def test_text_that_is_not_a_number_is_refused(self):
        self.assertEqual(self.refusal(count="five"), 'typed: argument \'count\' expects an integer, got "five"')

    def test_a_boolean_is_not_a_number(self):
        self.assertEqual(self.refusal(count=True), "typed: argument 'count' expects an integer, got True")

    def test_a_number_is_accepted_for_a_string(self):
        self.assertEqual(self.call(label=7)[2], "7")

    def test_null_is_refused_unless_optional(self):
        self.assertEqual(self.refusal(count=None),
                         "typed: argument 'count' must not be null; expected an integer")
        self.assertIsNone(self.call(note=None)[6])

    def test_containers_must_have_their_json_shape(self):
        self.assertEqual(self.refusal(items={"a": 1}), "typed: argument 'items' expects an array, got {'a': 1}")
        self.assertEqual(self.refusal(options=[1]), "typed: argument 'options' expects an object, got [1]")

    def test_boolean_text_is_accepted_for_a_boolean(self):
        self.assertIs(self.call(flag="false")[3], False)

    def test_unannotated_parameters_take_any_value(self):
        registry = registry_with(lambda_free_echo)

        self.assertEqual(registry.invoke("lambda_free_echo", [{"any": [1, "thing"]}]), {"any": [1, "thing"]})


def lambda_free_echo(value):
    return value


class ContextInjectionTest(unittest.TestCase):
    def test_a_parameter_annotated_task_context_receives_the_context_and_is_not_an_argument(self):
        def tagged(context: TaskContext, text: str) -> str:
            return "%s:%s" % (context.task_id, text)

        registry = registry_with(tagged)
        context = TaskContext("t-1")

        self.assertEqual(registry.invoke("tagged", ["hi"], None, context), "t-1:hi")
        self.assertEqual([p.name for p in registry.find("tagged").parameters], ["text"])

    def test_the_context_cannot_be_passed_as_a_keyword(self):
        def tagged(text: str, context: TaskContext) -> str:
            return text

        with self.assertRaises(TaskFailed) as raised:
            registry_with(tagged).invoke("tagged", None, {"text": "a", "context": "x"})
        self.assertEqual(str(raised.exception), "tagged: unknown argument 'context'; it accepts text")

    def test_a_string_annotation_is_recognised(self):
        def tagged(text, context: "TaskContext"):
            return context is not None

        self.assertTrue(registry_with(tagged).invoke("tagged", ["a"], None, TaskContext("t")))


class SignatureShapesTest(unittest.TestCase):
    def test_var_positional_takes_the_extra_args(self):
        def total(first: int, *rest: int) -> int:
            return first + sum(rest)

        self.assertEqual(registry_with(total).invoke("total", [1, 2, 3]), 6)

    def test_var_keyword_takes_the_extra_kwargs(self):
        def collect(name: str, **extra: Any) -> Dict[str, Any]:
            return {"name": name, "extra": extra}

        self.assertEqual(registry_with(collect).invoke("collect", None, {"name": "n", "x": 1}),
                         {"name": "n", "extra": {"x": 1}})

    def test_keyword_only_parameters_bind_from_kwargs(self):
        def scaled(value: float, *, factor: float = 2.0) -> float:
            return value * factor

        self.assertEqual(registry_with(scaled).invoke("scaled", [2], {"factor": 3}), 6.0)

    def test_positional_only_parameters_cannot_be_named(self):
        namespace = {}
        exec("def first(a, /, b=0):\n    return a", namespace)

        with self.assertRaises(TaskFailed) as raised:
            registry_with(namespace["first"]).invoke("first", None, {"a": 1})
        self.assertEqual(str(raised.exception), "first: argument 'a' can only be given by position")

    def test_an_async_function_runs_to_its_result(self):
        async def later(value: int) -> int:
            await asyncio.sleep(0)
            return value + 1

        self.assertTrue(inspect.iscoroutinefunction(later))
        self.assertEqual(registry_with(later).invoke("later", [1]), 2)


if __name__ == "__main__":
    unittest.main()
