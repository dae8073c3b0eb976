import unittest
from datetime import timedelta

from gleitzeit_sdk import ServiceOptions, Transport
from gleitzeit_sdk import options as defaults


class DefaultsTest(unittest.TestCase):
    def test_every_default_is_a_documented_constant(self):
        options = ServiceOptions()

        self.assertEqual(options.hub_urls, (defaults.DEFAULT_HUB_URL,))
        self.assertEqual(options.name, defaults.DEFAULT_NAME)
        self.assertEqual(options.max_concurrent, defaults.DEFAULT_MAX_CONCURRENT)
        self.assertEqual(options.heartbeat_interval, defaults.DEFAULT_HEARTBEAT_INTERVAL)
        self.assertEqual(options.task_types, ("python_execution", "function"))
        self.assertEqual(options.transports, (Transport.WEBSOCKET,))
        self.assertIsNone(options.token)

    def test_the_node_id_is_derived_from_the_name_and_stays_across_copies(self):
        options = ServiceOptions(name="svc")

        self.assertTrue(options.node_id.startswith("svc-"))
        self.assertEqual(options.with_changes(max_concurrent=2).node_id, options.node_id)
        # two services of one process must not share an id: they would take each other's session on the hub
        self.assertNotEqual(ServiceOptions(name="svc").node_id, options.node_id)

    def test_times_may_be_timedeltas(self):
        self.assertEqual(ServiceOptions(ack_timeout=timedelta(milliseconds=1500)).ack_timeout, 1.5)

    def test_transports_may_be_named(self):
        self.assertEqual(ServiceOptions(transports=["polling", "websocket"]).transports,
                         (Transport.POLLING, Transport.WEBSOCKET))

    def test_a_single_url_string_is_one_hub(self):
        self.assertEqual(ServiceOptions(hub_urls="http://hub:8000/").hub_urls, ("http://hub:8000",))


class ValidationTest(unittest.TestCase):
    def assertRefused(self, message, **options):
        with self.assertRaises(ValueError) as raised:
            ServiceOptions(**options)
        self.assertIn(message, str(raised.exception))

    def test_bad_values_are_refused_naming_the_field(self):
        self.assertRefused("hub_urls must name at least one hub", hub_urls=[])
        self.assertRefused("hub_urls: 'ftp://x' must be an http(s) URL with a host", hub_urls=["ftp://x"])
        self.assertRefused("name is required", name=" ")
        self.assertRefused("node_id must not be blank", node_id="")
        self.assertRefused("max_concurrent must be an integer of at least 1", max_concurrent=0)
        self.assertRefused("heartbeat_interval must be positive", heartbeat_interval=0)
        self.assertRefused("ack_timeout must be a number of seconds", ack_timeout="10")
        self.assertRefused("reconnect_max must not be shorter than reconnect_min", reconnect_min=5, reconnect_max=1)
        self.assertRefused("task_types must name at least one task type", task_types=[])
        self.assertRefused("transports: 'carrier-pigeon' is not one of websocket, polling",
                           transports=["carrier-pigeon"])
        self.assertRefused("socketio_path must start with '/'", socketio_path="socket.io")
        self.assertRefused("finished_attempts_remembered must be an integer of at least 1",
                           finished_attempts_remembered=0)

    def test_with_changes_refuses_unknown_options(self):
        with self.assertRaises(ValueError) as raised:
            ServiceOptions().with_changes(colour="blue")
        self.assertEqual(str(raised.exception), "unknown option(s): colour")


if __name__ == "__main__":
    unittest.main()
