"""Soak: gunicorn under steady load, checking for errors and for web workers that grow.

`make soak` migrates and seeds the demo into the configured database (the embedded default, or
DATABASE_URL), starts gunicorn on loopback (SOAK_WORKERS sync workers, default 2, DEBUG off),
signs in as the core team, and drives it with wrk (Debian: apt-get install wrk) at
SOAK_CONNECTIONS (32) connections for SOAK_SECONDS (300) across the main pages and API lists,
each connection walking the list in turn. Every SOAK_SAMPLE (5) seconds it samples each web
worker's resident memory (/proc/PID/status VmRSS) and the load average. It prints the figures
and exits non-zero when any request failed (a socket error, a timeout or a status that is not
2xx); memory is reported, not judged (compare the first and last minute's samples).

This is a measurement, not a test: the figures go in bench/README.md with the machine and its
load beside them.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = int(os.environ.get("SOAK_PORT", 8190))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", 32))
SECONDS = int(os.environ.get("SOAK_SECONDS", 300))
SAMPLE = float(os.environ.get("SOAK_SAMPLE", 5))
WORKERS = int(os.environ.get("SOAK_WORKERS", 2))
USER, PASSWORD = os.environ.get("SOAK_USER", "core"), "demo-password"

# The main pages of each role's day, and the API lists (first page each).
PATHS = [
    "/",
    "/governance/",
    "/governance/bodies/",
    "/governance/meetings/",
    "/governance/raci/",
    "/portfolio/",
    "/voc/",
    "/voc/cases/",
    "/program/line-of-sight/",
    "/notifications/",
    "/api/v1/bodies/",
    "/api/v1/memberships/",
    "/api/v1/meetings/",
    "/api/v1/action-items/",
    "/api/v1/initiatives/",
    "/api/v1/risks/",
    "/api/v1/metrics/",
    "/api/v1/responses/",
    "/api/v1/rollups/",
    "/api/v1/cases/",
    "/api/v1/targets/",
]

WRK_SCRIPT = """
-- Globals, not locals: done() reads each thread's `statuses` through thread:get.
paths = {%(paths)s}
counter = 0
statuses = {}
threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(#paths)
  wrk.headers["Cookie"] = "%(cookie)s"
  wrk.headers["Accept"] = "text/html,application/json"
end

function request()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do merged[status] = (merged[status] or 0) + n end
  end
  for status, n in pairs(merged) do io.write(string.format("status %%d %%d\\n", status, n)) end
end
"""


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "soak-only-key"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{PORT}",
        # A soak signs in once per run; never lock the account out.
        "LOGIN_FAILURE_LIMIT": "1000",
    }


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env(), check=True)


def sign_in(base: str) -> str:
    """The session cookie of a real sign-in through the login page (CSRF and all)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/accounts/login/", data=form,
                                       headers={"Referer": f"{base}/accounts/login/"}))  # fmt: skip
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"could not sign in as {USER}")
    for path in PATHS:  # every page answers before the load starts
        status = opener.open(base + path).status
        if status != 200:
            raise SystemExit(f"{path} answered {status} before the soak")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    if not shutil.which("wrk"):
        print("needs wrk: apt-get install wrk", file=sys.stderr)
        return 2
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")
    manage("collectstatic", "--no-input", "-v", "0")
    base = f"http://127.0.0.1:{PORT}"
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "cxgov.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(WORKERS), "--timeout", "60"],
        cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5)
                break
            except urllib.error.HTTPError:
                break  # answering (a 503 names the broker, which a soak does not need)
            except OSError:
                time.sleep(0.2)
        cookie = sign_in(base)
        pids = worker_pids(server.pid)
        script = Path(tempfile.mkdtemp()) / "soak.lua"
        script.write_text(WRK_SCRIPT % {
            "paths": ", ".join(f'"{p}"' for p in PATHS), "cookie": cookie})  # fmt: skip
        load = subprocess.Popen(
            ["wrk", "--threads", "2", "--connections", str(CONNECTIONS), "--duration",
             f"{SECONDS}s", "--timeout", "30s", "--latency", "--script", str(script), base],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        samples: dict[int, list[float]] = {pid: [] for pid in pids}
        loads: list[float] = []
        while load.poll() is None:
            for pid in pids:
                samples[pid].append(rss_mb(pid))
            loads.append(os.getloadavg()[0])
            time.sleep(SAMPLE)
        report = load.stdout.read()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(report)
    per_minute = max(1, int(60 / SAMPLE))
    for pid, values in samples.items():
        minutes = [values[i : i + per_minute] for i in range(0, len(values), per_minute)]
        means = ", ".join(f"{statistics.mean(m):.1f}" for m in minutes if m)
        print(
            f"worker {pid}: RSS MB per minute {means}; max {max(values):.1f} "
            f"({len(values)} samples)"
        )
    print(
        f"load average (1 min) during the soak: min {min(loads):.1f}, mean "
        f"{statistics.mean(loads):.1f}, max {max(loads):.1f}; {os.cpu_count()} cores"
    )
    statuses = {int(s): int(n) for s, n in re.findall(r"^status (\d+) (\d+)$", report, re.M)}
    socket_errors = re.search(r"Socket errors: (.*)", report)
    bad = sum(n for s, n in statuses.items() if not 200 <= s < 300)
    print(f"statuses: {dict(sorted(statuses.items()))}")
    if not statuses:
        print("FAILED: wrk reported no responses (see its output above)")
        return 1
    if bad or socket_errors:
        print(f"FAILED: {bad} responses not 2xx; {socket_errors.group(0) if socket_errors else ''}")
        return 1
    print("no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
