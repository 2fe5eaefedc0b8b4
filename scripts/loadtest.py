"""Bounded load test of the web app on localhost: start `greta-search serve` on a free
loopback port, run N concurrent clients on /api/search for a fixed time, then stop.

    .venv/bin/python scripts/loadtest.py --index index [--clients 16] [--seconds 20]

Reports the warm latency of single requests (p50), then under load: requests, p50/p99,
errors, and the server's resident memory (RSS) at start and end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "how are victims referred to shelters", "residence permits for victims",
    "How many victims were identified in 2025?", "Article 144-1 of the Criminal Code",
    "training of judges and prosecutors", "labour inspections", "child victims identity",
    "compensation from the state", "national referral mechanism", "question 26",
    "non-punishment of victims", "return and repatriation", "hotline for victims",
    "sexual exploitation online", "cooperation with NGOs", "forced labour in agriculture",
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def client(http, url: str, offset: int, stop: float, latencies: list, errors: list):
    i = offset
    while time.monotonic() < stop:
        query = QUERIES[i % len(QUERIES)]
        i += 1
        started = time.perf_counter()
        try:
            response = await http.get(url, params={"q": query, "k": 5})
            if response.status_code != 200:
                errors.append(response.status_code)
                continue
        except Exception as err:  # noqa: BLE001 - every failure is counted, none stops the run
            errors.append(type(err).__name__)
            continue
        latencies.append((time.perf_counter() - started) * 1000)


async def run(base: str, clients: int, seconds: float) -> tuple[list, list]:
    import httpx

    latencies: list[float] = []
    errors: list = []
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        stop = time.monotonic() + seconds
        await asyncio.gather(*(client(http, "/api/search", n, stop, latencies, errors)
                               for n in range(clients)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default="index")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    import httpx

    sys.path.insert(0, str(ROOT))
    from greta_search.web.server import free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "greta_search", "serve", "--port", str(port), "--index",
         args.index], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit("the server did not start")
            time.sleep(0.2)
        single = []
        with httpx.Client(base_url=base) as http:
            for query in QUERIES * 3:
                started = time.perf_counter()
                http.get("/api/search", params={"q": query, "k": 5}).raise_for_status()
                single.append((time.perf_counter() - started) * 1000)
        start_rss = rss_mb(server.pid)
        latencies, errors = asyncio.run(run(base, args.clients, args.seconds))
        end_rss = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"warm single requests: p50 {statistics.median(single[len(QUERIES):]):.1f} ms "
          f"(n={len(single) - len(QUERIES)}, after one warm-up round)")
    print(f"load: {args.clients} clients x {args.seconds:.0f} s: {len(latencies)} requests "
          f"({len(latencies) / args.seconds:.0f}/s), p50 {percentile(latencies, 0.5):.1f} ms, "
          f"p99 {percentile(latencies, 0.99):.1f} ms, errors {len(errors)}")
    print(f"server RSS: start {start_rss:.0f} MB, end {end_rss:.0f} MB "
          f"({end_rss - start_rss:+.0f} MB)")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
