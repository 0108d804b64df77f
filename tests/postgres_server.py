"""A throwaway PostgreSQL server in a temporary folder (the tests' fixture and `make bench`).

Debian's `postgresql` package keeps initdb and pg_ctl off PATH, in /usr/lib/postgresql/N/bin.
PostgreSQL refuses to run as root: as root the cluster's folder belongs to the ``postgres``
account the package creates, and its commands run through ``runuser``. The server listens on a
free port of 127.0.0.1 only, with durability off (fsync): it lives for one session.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

POSTGRES_BINARIES = ("/usr/lib/postgresql/*/bin",)


def postgres_bin() -> Path | None:
    """The folder of initdb/pg_ctl: on PATH, or the newest Debian postgresql-N; None without."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    folders = sorted((Path(p) for pattern in POSTGRES_BINARIES for p in glob.glob(pattern)),
                     key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return folders[-1] if folders and (folders[-1] / "initdb").exists() else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_postgres(durable: bool = False) -> Iterator[str]:
    """Start a PostgreSQL cluster; yield its URL without a database name; stop and delete it.
    ``durable`` keeps PostgreSQL's default fsync (for a benchmark against SQLite's)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise FileNotFoundError("initdb (Debian package `postgresql`)")
    as_owner: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="intake-pg-"))
    if os.geteuid() == 0:
        as_owner = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()
    run = functools.partial(subprocess.run, check=True, capture_output=True, text=True)
    try:
        run([*as_owner, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        run([*as_owner, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
             "-w", "-o", options, "start"])
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_owner, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(server_url: str, name: str) -> str:
    """Create database ``name`` on the server; return its URL."""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f"create database {name}")
    return f"{server_url}/{name}"
