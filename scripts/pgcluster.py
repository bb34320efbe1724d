"""Run a command against a throwaway PostgreSQL cluster started from the machine's binaries.

    python scripts/pgcluster.py [--database NAME] [--no-autovacuum] -- COMMAND ...

The cluster lives in a temporary folder, listens only on 127.0.0.1 on a free port, trusts
local connections, and is stopped and deleted when the command ends. PostgreSQL refuses
to run as root, so under root the server runs as the unprivileged user `nobody`.
DATABASE_URL is set for the command. Where no server binaries are found the script says so;
it fails when OSMARI_REQUIRE_POSTGRES=1 (as in CI) and otherwise skips the command.
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def find_bindir() -> Path | None:
    configured = os.environ.get("PG_BINDIR")
    candidates = [configured] if configured else []
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("postgres")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for candidate in candidates:
        if (
            candidate
            and (Path(candidate) / "postgres").exists()
            and (Path(candidate) / "initdb").exists()
        ):
            return Path(candidate)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self, bindir: Path, *, autovacuum: bool = True):
        self.bindir = bindir
        self.autovacuum = autovacuum
        self.root = Path(tempfile.mkdtemp(prefix="osmari-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.root, nobody.pw_uid, nobody.pw_gid)

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "nobody", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=self.root)

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = " ".join(
            [
                f"-p {self.port}",
                f"-k {self.root}",
                "-c listen_addresses=127.0.0.1",
                # A throwaway cluster: durability is traded for speed.
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "-c max_connections=100",
                *([] if self.autovacuum else ["-c autovacuum=off"]),
            ]
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )

    def pg_ctl(self) -> list[str]:
        command = [
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
        ]
        return ["runuser", "-u", "nobody", "--", *command] if self.as_root else command

    def create_database(self, name: str) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="osmari")
    parser.add_argument(
        "--no-autovacuum",
        action="store_true",
        help="for the test suite: records made once for many tests are held in a "
        "transaction that stays open, and a vacuum meanwhile would record their tables as "
        "empty, after which the planner joins thousands of rows by nested loops",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command after --")
    bindir = find_bindir()
    if bindir is None:
        message = (
            "PostgreSQL server binaries (postgres, initdb) were not found. "
            "Install Debian's 'postgresql' package, or set PG_BINDIR."
        )
        if os.environ.get("OSMARI_REQUIRE_POSTGRES") == "1":
            print(f"ERROR: {message}", file=sys.stderr)
            return 1
        print(f"SKIPPED the PostgreSQL run: {message}", file=sys.stderr)
        return 0
    cluster = Cluster(bindir, autovacuum=not args.no_autovacuum)
    cluster.start()
    try:
        cluster.create_database(args.database)
        env = {
            **os.environ,
            "DATABASE_URL": cluster.url(args.database),
            # For a command that restarts the server on purpose (make loadtest): append
            # "restart -m fast -w"; the server's own options are kept from its start.
            "OSMARI_PG_CTL": shlex.join(cluster.pg_ctl()),
        }
        print(
            f"PostgreSQL {bindir.parent.name} throwaway cluster on port {cluster.port}", flush=True
        )
        return subprocess.call(command, env=env)
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
