"""A pytest plugin (``-p lvzhi.testenv`` in pyproject's addopts) loaded before Django's settings:
the test suite runs with the demo conveniences (``LVZHI_ENV=test``, see settings.py), and so do
the servers and commands it starts as subprocesses, which inherit the environment. A test that
wants production sets ``LVZHI_ENV=production`` for its subprocess.

``make test`` runs the suite on both cores (pytest-xdist, ``-n 2 --dist load``; see the
Makefile for why not ``loadfile``). Each
worker has a test database of its own (pytest-django names it ``test_<name>_gw0`` …); here it
also gets a Redis database and a var directory of its own, so one worker's ``cache.clear()``
between tests never empties the other's cache mid-test."""

import os
from urllib.parse import urlsplit

os.environ.setdefault("LVZHI_ENV", "test")

# Redis databases 10, 11 … serve the workers gw0, gw1 … (0-9 stay for runs without workers
# and the fault tests' own servers).
WORKER_REDIS_BASE = 10


def _worker_number() -> int | None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # set by xdist before plugins load
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else None


def _separate_worker() -> None:
    number = _worker_number()
    if number is None:
        return
    redis = os.environ.get("REDIS_URL", "")
    if redis:
        parts = urlsplit(redis)
        os.environ["REDIS_URL"] = parts._replace(path=f"/{WORKER_REDIS_BASE + number}").geturl()
    var = os.environ.get("LVZHI_VAR_DIR", "")
    if var:
        os.environ["LVZHI_VAR_DIR"] = os.path.join(var, f"gw{number}")
        os.makedirs(os.environ["LVZHI_VAR_DIR"], exist_ok=True)


_separate_worker()
