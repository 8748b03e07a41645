"""Load benchmark: requests per second of chosen pages, each beside a bare Django view.

Builds a throwaway seeded database, serves the app with gunicorn (2 workers, DEBUG=0),
loads each page with wrk and, in the same run and the same server, the bare view
/bench/bare/ before and after it. Prints each page's req/s, its bare req/s and the
ratio of the two, and writes the same as JSON under bench/results/. It never asserts a
timing: it fails only when something does not answer as it should.

    .venv/bin/python bench/run.py --seconds 5 --pages home,people

See bench/README.md. Standard library only, run with the project's venv Python
(psycopg, from the venv, only when DATABASE_URL is PostgreSQL).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from pages import PAGES, SETUP_COMMANDS

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"
BARE_PATH = "/bench/bare/"
# The same bare view with no middleware at all (config/wsgi.py, bench only).
STOCK_PATH = "/bench/stock/"
WORKERS = 2
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}


class BenchError(Exception):
    """Something did not answer as it should; the message says what."""


def say(message: str = "", end: str = "\n") -> None:
    print(message, end=end, flush=True)


# --- Command line ---------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    names = [page.name for page in PAGES]
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=f"Pages: {', '.join(names)}. See bench/README.md.",
    )
    parser.add_argument(
        "--seconds", type=int, default=10, help="wrk duration of each run (default 10)"
    )
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated page names from bench/pages.py (default: all)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="repeat the whole bare/page sequence; report medians (default 1)",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk -c (default 8)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=2,
        help="seconds of unmeasured load on each URL before measuring (default 2)",
    )
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="keep the throwaway database (SQLite file or PostgreSQL database)",
    )
    args = parser.parse_args(argv)
    if (
        args.rounds < 1
        or args.seconds < 1
        or args.threads < 1
        or args.connections < args.threads
    ):
        parser.error(
            "need --rounds >= 1, --seconds >= 1 and --connections >= --threads >= 1"
        )
    if args.warmup < 0:
        parser.error("--warmup must be >= 0")
    if len(set(names)) != len(names):
        parser.error("bench/pages.py: page names must be unique")
    if args.pages:
        wanted = [name.strip() for name in args.pages.split(",") if name.strip()]
        unknown = [name for name in wanted if name not in names]
        if unknown:
            parser.error(
                f"unknown page(s) {', '.join(unknown)}; known: {', '.join(names)}"
            )
        args.selected = [page for page in PAGES if page.name in wanted]
    else:
        args.selected = list(PAGES)
    return args


# --- Facts about the run --------------------------------------------------------------


def git_commit() -> str:
    """HEAD's commit, read from .git (no git process); '' before the first commit."""
    git = ROOT / ".git"
    try:
        if git.is_file():  # a worktree: "gitdir: <path>"
            git = (ROOT / git.read_text().split(":", 1)[1].strip()).resolve()
        common = git
        if (git / "commondir").is_file():
            common = (git / (git / "commondir").read_text().strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref:"):
            return head
        ref = head.split(":", 1)[1].strip()
        for base in (git, common):
            if (base / ref).is_file():
                return (base / ref).read_text().strip()
        packed = common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text().splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[1] == ref:
                    return parts[0]
    except OSError:
        pass
    return ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def venv_bin(name: str) -> str:
    """A tool from the Python running this script (the project's venv), else PATH."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BenchError(f"{name} not found: run `make install`, use .venv/bin/python")
    return found


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if not wrk:
        raise BenchError(
            "the load tool wrk is not installed. On Debian/Ubuntu: "
            "`sudo apt-get install wrk` (macOS: `brew install wrk`), then run again."
        )
    return wrk


# --- The throwaway database -----------------------------------------------------------


class ThrowawayDatabase:
    """A SQLite file in the run's folder, or a database of our own on the PostgreSQL
    server that $DATABASE_URL points at (created here, dropped here, nothing else
    touched)."""

    def __init__(self, workdir: Path, stamp: str, given_url: str):
        self.workdir = workdir
        self.given_url = given_url
        self.created = False
        if not given_url:
            self.vendor = "sqlite"
            self.name = str(workdir / "bench.sqlite3")
            self.url = f"sqlite:///{self.name}"
            return
        parts = urllib.parse.urlsplit(given_url)
        if parts.scheme not in POSTGRES_SCHEMES:
            raise BenchError(
                f"DATABASE_URL scheme {parts.scheme!r} is not supported by the bench: "
                "leave DATABASE_URL unset (SQLite) or point it at PostgreSQL."
            )
        self.vendor = "postgresql"
        self.name = f"roundtable_bench_{stamp.lower()}_{secrets.token_hex(3)}"
        self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
        # libpq understands postgres:// and postgresql:// only.
        self.admin_dsn = urllib.parse.urlunsplit(parts._replace(scheme="postgresql"))

    def _postgres(self, statement):
        try:
            import psycopg
        except ImportError as exc:
            raise BenchError("PostgreSQL needs psycopg: run `make install`") from exc
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(statement)

    def create(self) -> None:
        if self.vendor == "sqlite":
            return
        from psycopg import sql

        self._postgres(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        self.created = True

    def drop(self) -> None:
        if self.vendor == "sqlite" or not self.created:
            return
        from psycopg import sql

        self._postgres(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(self.name)
            )
        )
        self.created = False

    def describe(self) -> str:
        if self.vendor == "sqlite":
            return "SQLite (throwaway file)"
        host = urllib.parse.urlsplit(self.given_url).hostname or "local socket"
        return f"PostgreSQL {self.name} on {host} (throwaway database)"


# --- The app under gunicorn -----------------------------------------------------------


def app_environment(db: ThrowawayDatabase, workdir: Path, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": db.url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "BENCH_BARE_VIEW": "1",
            # Staff would be sent to set up TOTP under DEBUG=0; the bench measures
            # the staff pages themselves.
            "STAFF_MFA_REQUIRED": "0",
            # No task worker runs here; /health/ reads the heartbeat written at setup.
            "HEARTBEAT_MAX_AGE_SECONDS": str(7 * 24 * 3600),
            "CACHE_DIR": str(workdir / "cache"),
            "MEDIA_ROOT": str(workdir / "media"),
            "EMAIL_URL": "consolemail://",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def manage(args: list[str], env: dict, log: Path) -> None:
    say(f"  manage.py {' '.join(args)}")
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode:
        raise BenchError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n{tail(log)}"
        )


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Server:
    def __init__(self, env: dict, port: int, log: Path):
        self.env = env
        self.port = port
        self.log = log
        self.proc: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{port}"

    def start(self, timeout: float = 60) -> None:
        command = [
            venv_bin("gunicorn"),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
        ]
        say(f"  {' '.join(command[1:])}")
        with self.log.open("a") as out:
            # Its own process group, so Ctrl-C reaches us and we stop it ourselves.
            self.proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"gunicorn exited ({self.proc.returncode}):\n{tail(self.log)}"
                )
            with contextlib.suppress(OSError):
                status, _, body = fetch(self.base + BARE_PATH, timeout=2)
                if status == 200 and body == b"ok":
                    return
                raise BenchError(
                    f"{BARE_PATH} answered {status}, not 200 'ok': is BENCH_BARE_VIEW "
                    f"routed in config/urls.py?\n{tail(self.log)}"
                )
            time.sleep(0.2)
        raise BenchError(
            f"gunicorn did not answer within {timeout:.0f}s:\n{tail(self.log)}"
        )

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)


# --- HTTP without following redirects -------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 3xx comes back as HTTPError, to be seen, not followed


def fetch(url, *, data=None, cookie="", opener=None, timeout=30):
    """(status, headers, body) of one request; redirects are reported, not followed."""
    opener = opener or urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, data=data)
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def log_in(base: str, email: str, password: str) -> str:
    """Log in with a real POST to the login form; the Cookie header of that session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        _NoRedirect, urllib.request.HTTPCookieProcessor(jar)
    )
    status, _, body = fetch(base + "/accounts/login/", opener=opener)
    if status != 200:
        raise BenchError(f"GET /accounts/login/ answered {status}, not 200")
    match = re.search(
        rb'name=["\']csrfmiddlewaretoken["\'][^>]*value=["\']([^"\']+)', body
    ) or re.search(
        rb'value=["\']([^"\']+)["\'][^>]*name=["\']csrfmiddlewaretoken', body
    )
    token = match.group(1).decode() if match else ""
    if not token:
        raise BenchError("the login page has no csrfmiddlewaretoken field")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": email, "password": password}
    ).encode()
    status, headers, body = fetch(base + "/accounts/login/", data=form, opener=opener)
    location = headers.get("Location", "")
    cookies = {cookie.name: cookie.value for cookie in jar}
    if status not in (301, 302, 303) or "sessionid" not in cookies:
        raise BenchError(
            f"logging in as {email} failed: POST /accounts/login/ answered {status} "
            f"(is the demo seeded, is DEMO_PASSWORD right?)"
        )
    if urllib.parse.urlsplit(location).path.startswith("/accounts/"):
        raise BenchError(f"logging in as {email} stopped at {location} (MFA? e-mail?)")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def resolve(base: str, page, cookie: str):
    """A page declared by its Wagtail URL is loaded where that URL redirects to."""
    if not page.resolve:
        return page
    status, headers, _ = fetch(base + page.path, cookie=cookie)
    if status in (301, 302, 303, 307, 308) and headers.get("Location", "").startswith(
        "/"
    ):
        return dataclasses.replace(page, path=headers["Location"])
    return page


def check_page(base: str, path: str, cookie: str, label: str) -> None:
    """Fail loudly unless the page answers 200 (a redirect to log in is a failure)."""
    status, headers, body = fetch(base + path, cookie=cookie)
    if status != 200:
        where = headers.get("Location", "")
        snippet = body[:300].decode(errors="replace").strip()
        raise BenchError(
            f"{label} ({path}) answered {status}, not 200"
            + (f", redirecting to {where}" if where else "")
            + (f":\n{snippet}" if snippet else "")
        )


# --- wrk ------------------------------------------------------------------------------


_RPS = re.compile(r"^Requests/sec:\s*([\d.]+)", re.M)
_REQUESTS = re.compile(r"^\s*(\d+) requests in", re.M)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s*(\d+)")
_SOCKET = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)
_LATENCY = re.compile(r"^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)", re.M)
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float | None:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return round(float(match.group(1)) * _UNITS[match.group(2)], 2) if match else None


def wrk(args, url: str, seconds: int, cookie: str = "") -> dict:
    command = [
        args.wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    out = result.stdout
    rps = _RPS.search(out)
    if result.returncode or not rps:
        raise BenchError(
            f"wrk failed on {url} ({result.returncode}):\n{out}{result.stderr}"
        )
    socket_errors = _SOCKET.search(out)
    latency = _LATENCY.search(out)
    requests = _REQUESTS.search(out)
    non_2xx = _NON_2XX.search(out)
    return {
        "rps": float(rps.group(1)),
        "requests": int(requests.group(1)) if requests else None,
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "latency_avg_ms": _ms(latency.group(1)) if latency else None,
        "latency_max_ms": _ms(latency.group(3)) if latency else None,
    }


def drain(base: str, timeout: float = 15.0) -> float:
    """Wait until the server has worked off the requests wrk left queued: three
    bare requests in a row answered quickly. Returns the seconds waited."""
    started = time.monotonic()
    quick = 0
    while quick < 3 and time.monotonic() - started < timeout:
        begun = time.monotonic()
        with contextlib.suppress(OSError):
            fetch(base + BARE_PATH, timeout=timeout)
        quick = quick + 1 if time.monotonic() - begun < 0.05 else 0
    return time.monotonic() - started


# --- The run --------------------------------------------------------------------------


def measure(args, base: str, cookies: dict) -> tuple[list, list]:
    """bare, page 1, bare, page 2, ..., bare, --rounds times over: each page against
    the mean of the bare runs just before and just after it, so drift in the load of
    the machine cancels out. With several rounds, each figure is the median."""
    bare_url = base + BARE_PATH
    if args.warmup:
        say(f"Warming up ({args.warmup}s per URL)...")
        wrk(args, bare_url, args.warmup)
        for page in args.selected:
            wrk(args, base + page.path, args.warmup, cookies.get(page.login, ""))
            drain(base)
    runs = []

    def run(label, url, cookie=""):
        say(f"  wrk {label:<20} {args.seconds}s ...", end="")
        result = wrk(args, url, args.seconds, cookie)
        # Requests still queued when wrk stops would slow the next run down.
        result["drained_s"] = round(drain(base), 2)
        runs.append({"round": round_no, "target": label, **result})
        say(f" {result['rps']:>9.1f} req/s")
        return result

    say(
        f"Measuring ({args.seconds}s per run, {args.rounds} round(s), "
        "bare view between pages)..."
    )
    samples = {page.name: [] for page in args.selected}
    problems = {page.name: set() for page in args.selected}
    stock = []
    for round_no in range(1, args.rounds + 1):
        if args.rounds > 1:
            say(f" round {round_no}/{args.rounds}")
        stock.append(run("stock (no middleware)", base + STOCK_PATH)["rps"])
        before = run("bare", bare_url)
        for page in args.selected:
            result = run(page.name, base + page.path, cookies.get(page.login, ""))
            after = run("bare", bare_url)
            bare_rps = (before["rps"] + after["rps"]) / 2
            samples[page.name].append(
                (
                    result["rps"],
                    bare_rps,
                    result["rps"] / bare_rps if bare_rps else 0,
                    result["rps"] / stock[-1] if stock[-1] else 0,
                )
            )
            for name, done in (("page", result), ("bare", before), ("bare", after)):
                if done["non_2xx_3xx"]:
                    problems[page.name].add(f"{name}: non-2xx/3xx responses under load")
                if done["socket_errors"]:
                    problems[page.name].add(f"{name}: socket errors under load")
            before = after
    rows = []
    for page in args.selected:
        rps, bare, ratios, stock_ratios = zip(*samples[page.name], strict=True)
        rows.append(
            {
                "page": page.name,
                "path": page.path,
                "login": page.login,
                "rps": round(statistics.median(rps), 2),
                "bare_rps": round(statistics.median(bare), 2),
                "ratio": round(statistics.median(ratios), 3),
                "ratio_min": round(min(ratios), 3),
                "ratio_max": round(max(ratios), 3),
                "stock_ratio": round(statistics.median(stock_ratios), 3),
                "problems": sorted(problems[page.name]),
            }
        )
    return rows, runs, round(statistics.median(stock), 1)


def table(rows: list, meta: dict) -> str:
    commit = meta["commit"][:12] or "(no commit yet)"
    several = meta["rounds"] > 1
    lines = [
        f"Roundtable Academy bench  {meta['date']}  commit {commit}",
        f"{meta['server']}; {meta['database']}; {meta['load']}",
        "",
        f"{'page':<14} {'path':<18} {'login':<20} {'req/s':>8} {'bare req/s':>10} "
        f"{'ratio':>6}" + ("  (min-max)" if several else "") + f" {'/stock':>7}",
    ]
    lines.append("-" * len(lines[-1]))
    for row in rows:
        spread = f"  ({row['ratio_min']:.3f}-{row['ratio_max']:.3f})" if several else ""
        flag = "  !" if row["problems"] else ""
        lines.append(
            f"{row['page']:<14} {row['path']:<18} {(row['login'] or 'anonymous'):<20} "
            f"{row['rps']:>8.1f} {row['bare_rps']:>10.1f} {row['ratio']:>6.3f}"
            + spread
            + f" {row['stock_ratio']:>7.3f}"
            + flag
        )
    for row in rows:
        for problem in row["problems"]:
            lines.append(f"! {row['page']}: {problem}")
    lines.append("")
    lines.append(
        "ratio = page req/s / bare Django view req/s (same server, same run"
        + (", median of the rounds)." if several else ").")
    )
    lines.append(
        f"/stock = page req/s / the bare view with no middleware at all "
        f"({meta['stock_rps']:.0f} req/s)."
    )
    return "\n".join(lines)


def versions() -> dict:
    found = {"python": platform.python_version()}
    try:
        from importlib.metadata import version

        for name in ("django", "wagtail", "gunicorn"):
            found[name] = version(name)
    except Exception:  # noqa: S110 - versions are a nicety; the run goes on without
        pass
    return found


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        args.wrk = require_wrk()
    except BenchError as exc:
        say(f"bench: {exc}")
        return 2
    now = dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(exist_ok=True)
    workdir = RESULTS / stamp
    workdir.mkdir()
    log = RESULTS / f"{stamp}-server.log"
    # BENCH_PORT pins the server's port (on a shared machine); else a free one.
    port = int(os.environ.get("BENCH_PORT") or 0) or free_port()
    db = ThrowawayDatabase(workdir, stamp, os.environ.get("DATABASE_URL", ""))
    env = app_environment(db, workdir, port)
    server = Server(env, port, log)
    password = os.environ.get("DEMO_PASSWORD", "roundtable-demo")

    def on_term(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)
    try:
        say(f"Setting up {db.describe()} (log: {log.relative_to(ROOT)})")
        db.create()
        manage(["migrate", "--noinput"], env, log)
        for command in SETUP_COMMANDS:
            manage(command, env, log)
        manage(["collectstatic", "--noinput"], env, log)
        manage(
            ["shell", "-c", "from core.tasks import heartbeat; heartbeat()"], env, log
        )
        say(f"Starting gunicorn ({WORKERS} workers, DEBUG=0) on 127.0.0.1:{port}")
        server.start()

        cookies = {}
        for email in sorted({page.login for page in args.selected if page.login}):
            cookies[email] = log_in(server.base, email, password)
            say(f"  logged in as {email}")
        check_page(server.base, BARE_PATH, "", "bare view")
        args.selected = [
            resolve(server.base, page, cookies.get(page.login, ""))
            for page in args.selected
        ]
        for page in args.selected:
            check_page(server.base, page.path, cookies.get(page.login, ""), page.name)
        say(f"  {len(args.selected)} page(s) answer 200")

        load_before = os.getloadavg()[0]
        rows, runs, stock_rps = measure(args, server.base, cookies)
    except BenchError as exc:
        say(f"\nbench: FAILED: {exc}")
        say(f"(setup and server log: {log.relative_to(ROOT)})")
        return 1
    except SystemExit as exc:
        say(f"\nbench: stopped by a signal ({exc.code})")
        raise
    except KeyboardInterrupt:
        say("\nbench: interrupted")
        return 130
    finally:
        server.stop()
        if args.keep_db:
            say(f"Kept the database: {db.url}")
        else:
            try:
                db.drop()
            except Exception as exc:
                say(f"bench: could not drop database {db.name}: {exc}")
            shutil.rmtree(workdir, ignore_errors=True)

    meta = {
        "date": now.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "commit": git_commit(),
        "server": f"gunicorn config.wsgi --workers {WORKERS} (sync), DEBUG=0",
        "database": db.vendor,
        "load": (
            f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s "
            f"on 127.0.0.1, {os.cpu_count()} CPUs, load average "
            f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after"
        ),
        "rounds": args.rounds,
        "stock_rps": stock_rps,
        "load_average": os.getloadavg(),
        "versions": versions(),
    }
    report = table(rows, meta)
    say("\n" + report)
    out = RESULTS / f"{stamp}.json"
    out.write_text(json.dumps({**meta, "pages": rows, "runs": runs}, indent=2) + "\n")
    say(f"\nWrote {out.relative_to(ROOT)}")
    if any(row["problems"] for row in rows):
        say("bench: some responses under load were errors (!); see the server log")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
