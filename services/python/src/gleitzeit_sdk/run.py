"""Runs a Gleitzeit function service from the command line.

    python3 -m gleitzeit_sdk.run --hub http://127.0.0.1:8000 --token T --module my_functions --name svc

Each ``--module`` is imported so that its ``@gleitzeit_task`` functions register; the service then runs until
SIGINT or SIGTERM, and shuts down gracefully (see :meth:`GleitzeitService.close`). ``GLEITZEIT_HUB_URL`` (comma
separated for several hubs) and ``GLEITZEIT_TOKEN`` are used when ``--hub`` and ``--token`` are not given.
"""

import argparse
import importlib
import logging
import os
import signal
import sys
import threading
from typing import List, Mapping, Optional, Sequence

from . import options as defaults
from .options import ServiceOptions, Transport
from .registry import default_registry
from .service import GleitzeitService

HUB_URL_ENV = "GLEITZEIT_HUB_URL"
TOKEN_ENV = "GLEITZEIT_TOKEN"

log = logging.getLogger("gleitzeit_sdk")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m gleitzeit_sdk.run",
                                description="Run Gleitzeit functions as a service connected to a hub.")
    p.add_argument("--hub", action="append", metavar="URL",
                   help="a hub URL; repeat it or separate with commas for several, tried in turn "
                        "(default: $%s, else %s)" % (HUB_URL_ENV, defaults.DEFAULT_HUB_URL))
    p.add_argument("--token", help="the service token (default: $%s)" % TOKEN_ENV)
    p.add_argument("--module", action="append", required=True, metavar="MODULE",
                   help="a module to import for its @gleitzeit_task functions; repeat for several")
    p.add_argument("--name", default=defaults.DEFAULT_NAME, help="the service name (default: %(default)s)")
    p.add_argument("--node-id", help="a stable node id (default: <name>-<pid>-<random>)")
    p.add_argument("--max-concurrent", type=int, default=defaults.DEFAULT_MAX_CONCURRENT,
                   help="tasks run at once (default: %(default)s)")
    p.add_argument("--heartbeat-interval", type=float, default=defaults.DEFAULT_HEARTBEAT_INTERVAL,
                   metavar="SECONDS", help="(default: %(default)s)")
    p.add_argument("--reconnect-min", type=float, default=defaults.DEFAULT_RECONNECT_MIN, metavar="SECONDS",
                   help="first reconnect delay, doubling up to --reconnect-max (default: %(default)s)")
    p.add_argument("--reconnect-max", type=float, default=defaults.DEFAULT_RECONNECT_MAX, metavar="SECONDS",
                   help="(default: %(default)s)")
    p.add_argument("--connect-timeout", type=float, default=defaults.DEFAULT_CONNECT_TIMEOUT, metavar="SECONDS",
                   help="(default: %(default)s)")
    p.add_argument("--ack-timeout", type=float, default=defaults.DEFAULT_ACK_TIMEOUT, metavar="SECONDS",
                   help="before an unacknowledged result is sent again (default: %(default)s)")
    p.add_argument("--shutdown-timeout", type=float, default=defaults.DEFAULT_SHUTDOWN_TIMEOUT, metavar="SECONDS",
                   help="grace period for running tasks on shutdown (default: %(default)s)")
    p.add_argument("--transport", action="append", choices=[t.value for t in Transport],
                   help="engine.io transport(s), in order (default: websocket)")
    p.add_argument("--socketio-path", default=defaults.DEFAULT_SOCKETIO_PATH, help="(default: %(default)s)")
    p.add_argument("--service-version", help="a version to announce")
    p.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                   help="(default: %(default)s)")
    return p


def hub_urls(given: Optional[Sequence[str]], environ: Mapping[str, str] = os.environ) -> List[str]:
    """The hubs from ``--hub`` (repeatable, comma separated), else ``$GLEITZEIT_HUB_URL``, else the default."""
    raw = list(given) if given else [environ.get(HUB_URL_ENV, "")]
    urls = [u.strip() for item in raw for u in item.split(",") if u.strip()]
    return urls or [defaults.DEFAULT_HUB_URL]


def options_from(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> ServiceOptions:
    token = args.token if args.token is not None else (environ.get(TOKEN_ENV) or None)
    return ServiceOptions(
        hub_urls=hub_urls(args.hub, environ), token=token, name=args.name, node_id=args.node_id,
        max_concurrent=args.max_concurrent, heartbeat_interval=args.heartbeat_interval,
        reconnect_min=args.reconnect_min, reconnect_max=args.reconnect_max, connect_timeout=args.connect_timeout,
        ack_timeout=args.ack_timeout, shutdown_timeout=args.shutdown_timeout,
        transports=args.transport or (Transport.WEBSOCKET,), socketio_path=args.socketio_path,
        version=args.service_version)


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        options = options_from(args)
    except ValueError as e:
        p.error(str(e))
    for module in args.module:
        try:
            importlib.import_module(module)
        except Exception as e:
            log.error("cannot import %s: %s", module, e, exc_info=e)
            return 2
    if not len(default_registry):
        log.error("the module(s) %s registered no @gleitzeit_task functions", ", ".join(args.module))
        return 2
    log.info("serving %s as %s (node %s) via %s", ", ".join(default_registry.names()), options.name,
             options.node_id, ", ".join(options.hub_urls))
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    service = GleitzeitService(options, default_registry).start()
    try:
        while not stop.wait(1.0):
            pass
    finally:
        log.info("shutting down")
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
