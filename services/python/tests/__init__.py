"""Unit tests of the Python SDK: ``cd services/python && python3 -m unittest discover``.

The package's source (``src``) and the examples are put on the path here, so no install or PYTHONPATH is needed."""

import os
import sys

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _path in (os.path.join(_ROOT, "src"), os.path.join(_ROOT, "examples")):
    if _path not in sys.path:
        sys.path.insert(0, _path)
