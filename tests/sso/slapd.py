"""A real OpenLDAP server (Debian's slapd) for the LDAP sign-in tests: a temporary
configuration and database in a tmp dir, listening on a free loopback port, stopped after."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
LDAPADD = shutil.which("ldapadd") or "/usr/bin/ldapadd"
BASE = "dc=ili,dc=example"
ROOT_DN = f"cn=admin,{BASE}"
ROOT_PW = "slapd-root-secret"

CONF = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {tmp}/slapd.pid
database mdb
maxsize 10485760
suffix "{base}"
rootdn "{root_dn}"
rootpw {root_pw}
directory {tmp}/db
access to attrs=userPassword by anonymous auth by self write by * none
access to * by * read
"""


@dataclass
class Slapd:
    url: str
    process: subprocess.Popen[bytes]
    tmp: Path

    def add(self, ldif: str) -> None:
        subprocess.run(
            [LDAPADD, "-x", "-H", self.url, "-D", ROOT_DN, "-w", ROOT_PW],
            input=ldif.encode(),
            check=True,
            capture_output=True,
        )


def available() -> bool:
    return Path(SLAPD).exists() and Path(LDAPADD).exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(tmp: Path) -> Slapd:
    (tmp / "db").mkdir(parents=True)
    conf = tmp / "slapd.conf"
    conf.write_text(CONF.format(tmp=tmp, base=BASE, root_dn=ROOT_DN, root_pw=ROOT_PW))
    port = _free_port()
    url = f"ldap://127.0.0.1:{port}"
    process = subprocess.Popen(
        [SLAPD, "-f", str(conf), "-h", f"{url}/", "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "slapd died")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    server = Slapd(url=url, process=process, tmp=tmp)
    server.add(
        f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: ili\no: Ili\n\n"
        f"dn: ou=people,{BASE}\nobjectClass: organizationalUnit\nou: people\n"
    )
    return server


def stop(server: Slapd) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
