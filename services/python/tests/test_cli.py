import unittest

from gleitzeit_sdk import Transport, run


class HubUrlsTest(unittest.TestCase):
    def test_hubs_may_be_repeated_and_comma_separated(self):
        self.assertEqual(run.hub_urls(["http://a:8000,http://b:8000", "http://c:8000"], {}),
                         ["http://a:8000", "http://b:8000", "http://c:8000"])

    def test_the_environment_is_used_when_no_hub_is_given(self):
        self.assertEqual(run.hub_urls(None, {"GLEITZEIT_HUB_URL": "http://x:1, http://y:2"}),
                         ["http://x:1", "http://y:2"])

    def test_the_default_hub_is_local(self):
        self.assertEqual(run.hub_urls(None, {}), ["http://localhost:8000"])


class OptionsFromArgumentsTest(unittest.TestCase):
    def test_arguments_become_options(self):
        args = run.parser().parse_args(["--hub", "http://hub:8000", "--token", "T", "--module", "m", "--name", "svc",
                                        "--node-id", "n-1", "--max-concurrent", "2", "--heartbeat-interval", "0.5",
                                        "--transport", "polling"])

        options = run.options_from(args, {})

        self.assertEqual((options.hub_urls, options.token, options.name, options.node_id, options.max_concurrent,
                          options.heartbeat_interval, options.transports),
                         (("http://hub:8000",), "T", "svc", "n-1", 2, 0.5, (Transport.POLLING,)))

    def test_the_token_comes_from_the_environment_when_not_given(self):
        args = run.parser().parse_args(["--module", "m"])

        self.assertEqual(run.options_from(args, {"GLEITZEIT_TOKEN": "secret"}).token, "secret")
        self.assertIsNone(run.options_from(args, {}).token)

    def test_invalid_options_are_reported_naming_the_field(self):
        args = run.parser().parse_args(["--module", "m", "--max-concurrent", "0"])

        with self.assertRaises(ValueError) as raised:
            run.options_from(args, {})
        self.assertIn("max_concurrent", str(raised.exception))


class MainTest(unittest.TestCase):
    def test_a_module_that_cannot_be_imported_ends_the_run_with_status_2(self):
        with self.assertLogs("gleitzeit_sdk", "ERROR") as logs:
            status = run.main(["--module", "no_such_module_for_gleitzeit", "--log-level", "ERROR"])

        self.assertEqual(status, 2)
        self.assertIn("cannot import no_such_module_for_gleitzeit", logs.output[0])


if __name__ == "__main__":
    unittest.main()
