import unittest

from gleitzeit_sdk import FunctionRegistry, TaskFailed, gleitzeit_task


class DecoratorTest(unittest.TestCase):
    def setUp(self):
        self.registry = FunctionRegistry()

    def test_the_name_defaults_to_the_function_name_and_the_function_stays_callable(self):
        @gleitzeit_task(registry=self.registry)
        def shout(text: str) -> str:
            """Makes text loud.

            More detail."""
            return text.upper()

        self.assertEqual(shout("a"), "A")
        registered = self.registry.find("shout")
        self.assertEqual(registered.category, "custom")
        self.assertEqual(registered.description, "Makes text loud.")
        self.assertIsNone(registered.timeout)

    def test_name_category_description_and_timeout_are_kept(self):
        @gleitzeit_task(name="loud", category="text", description="Upper case", timeout=5, registry=self.registry)
        def shout(text: str) -> str:
            return text.upper()

        registered = self.registry.find("loud")
        self.assertEqual((registered.name, registered.category, registered.description, registered.timeout),
                         ("loud", "text", "Upper case", 5.0))
        self.assertNotIn("shout", self.registry)

    def test_used_without_parentheses_it_registers_into_the_default_registry(self):
        from gleitzeit_sdk import default_registry

        @gleitzeit_task
        def registry_test_bare_function():
            return 1

        self.assertIs(default_registry.find("registry_test_bare_function").function, registry_test_bare_function)

    def test_names_are_sorted(self):
        for name in ("b", "a", "c"):
            self.registry.register(lambda: None, name=name)

        self.assertEqual(self.registry.names(), ["a", "b", "c"])
        self.assertEqual(len(self.registry), 3)


class RegistrationErrorsTest(unittest.TestCase):
    def setUp(self):
        self.registry = FunctionRegistry()

    def test_a_name_taken_by_another_function_is_refused(self):
        def first():
            pass

        def second():
            pass

        self.registry.register(first, name="same")
        with self.assertRaises(ValueError) as raised:
            self.registry.register(second, name="same")
        self.assertIn("function name 'same' is taken twice", str(raised.exception))

    def test_registering_the_same_function_again_replaces_it(self):
        def again():
            return 1

        self.registry.register(again)
        self.registry.register(again, description="reloaded")

        self.assertEqual(self.registry.find("again").description, "reloaded")

    def test_a_timeout_must_be_a_positive_number(self):
        for bad in (0, -1, "5", True):
            with self.assertRaises(ValueError) as raised:
                self.registry.register(lambda: None, name="f", timeout=bad)
            self.assertIn("timeout must be a positive number of seconds", str(raised.exception))

    def test_a_lambda_needs_a_name(self):
        with self.assertRaises(ValueError) as raised:
            self.registry.register(lambda: None)
        self.assertIn("pass name=", str(raised.exception))

    def test_a_blank_name_is_refused(self):
        with self.assertRaises(ValueError):
            self.registry.register(lambda: None, name=" ")


class LookupTest(unittest.TestCase):
    def setUp(self):
        self.registry = FunctionRegistry()
        self.registry.register(lambda text: text[::-1], name="reverse")

    def test_an_unknown_function_fails_without_retry_listing_what_exists(self):
        with self.assertRaises(TaskFailed) as raised:
            self.registry.invoke("revers", ["abc"])

        self.assertEqual(str(raised.exception), "unknown function 'revers'; registered: reverse")
        self.assertEqual(raised.exception.error_type, "unknown_function")
        self.assertFalse(raised.exception.retryable)

    def test_a_missing_function_name_is_bad_input(self):
        with self.assertRaises(TaskFailed) as raised:
            self.registry.lookup(None)

        self.assertEqual(str(raised.exception), "function_name is required in the task's parameters")
        self.assertEqual(raised.exception.error_type, "invalid_argument")

    def test_an_empty_registry_says_so(self):
        with self.assertRaises(TaskFailed) as raised:
            FunctionRegistry().invoke("anything")

        self.assertEqual(str(raised.exception), "unknown function 'anything'; none are registered")


class ExampleModuleTest(unittest.TestCase):
    """The example text_tools registers into the default registry on import and behaves as documented."""

    def setUp(self):
        import text_tools  # noqa: F401  (registers on import)
        from gleitzeit_sdk import default_registry

        self.registry = default_registry

    def test_it_registers_its_functions(self):
        for name in ("word_count", "top_words", "slugify", "render_template", "spell_out"):
            self.assertIn(name, self.registry)

    def test_functions_compute_their_results(self):
        self.assertEqual(self.registry.invoke("word_count", ["to be or not to be"]), 6)
        self.assertEqual(self.registry.invoke("top_words", None, {"text": "b a b c b a", "n": 2}),
                         [["b", 3], ["a", 2]])
        self.assertEqual(self.registry.invoke("slugify", ["Hello, World!"]), "hello-world")

    def test_a_missing_template_value_fails_without_retry(self):
        with self.assertRaises(TaskFailed) as raised:
            self.registry.invoke("render_template", ["{a} {b}", {"a": 1}])

        self.assertEqual((raised.exception.error_type, raised.exception.retryable), ("missing_value", False))

    def test_spell_out_streams_each_word(self):
        from gleitzeit_sdk import TaskContext

        reports = []
        context = TaskContext("t", progress_sink=lambda percent, message, chunk: reports.append((percent, chunk)))

        result = self.registry.invoke("spell_out", None, {"text": "one two"}, context)

        self.assertEqual(result, "one two")
        self.assertEqual(reports, [(0.0, "one "), (50.0, None), (50.0, "two "), (100.0, None)])


if __name__ == "__main__":
    unittest.main()
