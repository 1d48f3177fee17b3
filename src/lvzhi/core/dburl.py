"""``DATABASE_URL`` with several hosts (issue 27.1, docs/deployment.md "Automatic failover").

libpq takes a list of hosts and tries them in order; with ``target_session_attrs=read-write``
it keeps the first that accepts writes — whichever member Patroni made the primary. The URL
form is ``postgres://user@db1:5432,db2:5432,db3:5432/lvzhi?target_session_attrs=read-write``.
dj-database-url reads one host (or several sharing one port); this reads each host's own port,
and gives a multi-host URL a ``connect_timeout`` when it names none: libpq waits that long for
a member that does not answer (a machine powered off) before it tries the next one.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from dj_database_url import DBConfig

# Seconds libpq waits for one member before trying the next (multi-host URLs without their own).
MULTI_HOST_CONNECT_TIMEOUT = 3


def parse(url: str, **kwargs: Any) -> DBConfig:
    """dj_database_url.parse, plus ``host1:port1,host2:port2`` in the URL's host part: HOST
    and PORT become libpq's comma-separated lists (Django hands both to psycopg as they are)."""
    parts = urlsplit(url)
    userinfo, at, hostlist = parts.netloc.rpartition("@")
    if "," not in hostlist:
        return dj_database_url.parse(url, **kwargs)
    hosts, ports = [], []
    for item in hostlist.split(","):
        host, port = item, ""
        if not item.endswith("]") and ":" in item:
            host, _, port = item.rpartition(":")
        if not host or (port and not port.isdigit()):
            raise ValueError(f"DATABASE_URL's host list is not host[:port],…: {hostlist!r}")
        hosts.append(host.strip("[]"))  # libpq takes IPv6 addresses without brackets
        ports.append(port)
    single = urlunsplit(parts._replace(netloc=f"{userinfo}{at}{hosts[0]}"))
    config = dj_database_url.parse(single, **kwargs)
    config["HOST"] = ",".join(hosts)
    config["PORT"] = ",".join(ports) if any(ports) else ""
    options = config.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", MULTI_HOST_CONNECT_TIMEOUT)
    return config
