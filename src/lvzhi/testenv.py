"""A pytest plugin (``-p lvzhi.testenv`` in pyproject's addopts) loaded before Django's settings:
the test suite runs with the demo conveniences (``LVZHI_ENV=test``, see settings.py), and so do
the servers and commands it starts as subprocesses, which inherit the environment. A test that
wants production sets ``LVZHI_ENV=production`` for its subprocess."""

import os

os.environ.setdefault("LVZHI_ENV", "test")
