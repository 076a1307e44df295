"""Time the site's pages on two or more databases side by side, in one run.

    .venv/bin/python bench/pages.py bench_history_1k bench_history_1m [--rounds 21]

Starts one worker process per database (`_pages_worker.py`: Django's test client, the bench
settings, debug off) and sends them the same requests in turns, one request per database per
turn and the order of the databases swapped every round, so that whatever else the machine
does falls on all of them alike. Each page is first opened once with its queries counted (and
to warm caches), then timed `--rounds` times. Prints, per page, the query counts, the median
in milliseconds and each database's median divided by the first's; `--limit` marks pages over
that ratio and makes the run FAIL. With `--against standard` the ratios are to the plain
StandardPage on the same database instead.

The booking post ("book") books a wide-open evening once per round, as a different parent
each time (`history.py` made 60 of them); a worker removes the evening's bookings when it starts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# program_many needs `history.py --many-offerings`; it is left out unless asked for.
PAGES = (
    "standard",
    "home",
    "index",
    "program",
    "offering",
    "offering_upcoming",
    "attendance",
    "statistics",
    "statistics_all",
    "mypages",
    "book",
)


class Worker:
    def __init__(self, database: str, name: str):
        server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        env = {**os.environ, "DATABASE_URL": f"{server}/{database}"}
        self.name = name
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(BENCH / "pages.py"), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        code = self.read()["code"]
        print(f"{database}: code in {', '.join(code)}", flush=True)

    def read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: the worker stopped")
        return json.loads(line)

    def ask(self, page: str, *, count_queries: bool = False) -> dict:
        self.process.stdin.write(json.dumps({"page": page, "count_queries": count_queries}))
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        answer = self.read()
        if "error" in answer:
            raise SystemExit(f"{self.name}: {answer['error']}")
        return answer

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def measure(workers: list[Worker], pages: list[str], rounds: int) -> dict:
    """{page: {database: {"queries", "bytes", "times"}}}"""
    results = {page: {w.name: {"times": []} for w in workers} for page in pages}
    for page in pages:
        for worker in workers:
            answer = worker.ask(page, count_queries=True)
            results[page][worker.name].update(queries=answer["queries"], bytes=answer["bytes"])
    for turn in range(rounds):
        order = workers if turn % 2 == 0 else workers[::-1]
        for page in pages:
            for worker in order:
                results[page][worker.name]["times"].append(worker.ask(page)["ms"])
    return results


def report(results: dict, names: list[str], *, against: str | None, limit: float | None) -> bool:
    ok = True
    header = f"{'page':<18}" + "".join(f"{name:>28}" for name in names)
    print(header + ("   ratio" if against is None else ""))
    for page, by_database in results.items():
        medians = {name: statistics.median(by_database[name]["times"]) for name in names}
        cells = []
        for name in names:
            row = by_database[name]
            base = medians[names[0]] if against is None else medians_of(results, against)[name]
            ratio = medians[name] / base
            cells.append(
                f"{row['queries']:>4} q {row['bytes'] / 1024:>6.0f} kB {medians[name]:>6.1f} ms"
            )
            if against is not None:
                cells[-1] += f" {ratio:4.2f}x"
            if limit is not None and ratio > limit and page != against:
                ok = False
                cells[-1] += " !"
        line = f"{page:<18}" + "".join(f"{cell:>28}" for cell in cells)
        if against is None:
            ratios = [medians[name] / medians[names[0]] for name in names[1:]]
            line += "".join(f" {ratio:6.2f}x" for ratio in ratios)
            if limit is not None and any(ratio > limit for ratio in ratios):
                ok = False
                line += " !"
        print(line)
    return ok


def medians_of(results: dict, page: str) -> dict:
    return {name: statistics.median(row["times"]) for name, row in results[page].items()}


def main() -> int:
    if sys.argv[1:] == ["--serve"]:
        sys.path[:0] = [str(BENCH.parent), str(BENCH)]
        import _pages_worker

        return _pages_worker.serve()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+")
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated")
    parser.add_argument("--against", help="a page to divide by instead of the first database")
    parser.add_argument("--limit", type=float, help="FAIL when a ratio is above this")
    parser.add_argument("--json", help="also write every timing to this file")
    args = parser.parse_args()
    pages = args.pages.split(",")
    names = [
        name if name not in args.databases[:number] else f"{name}#{number + 1}"
        for number, name in enumerate(args.databases)
    ]
    workers = [Worker(database, name) for database, name in zip(args.databases, names, strict=True)]
    try:
        results = measure(workers, pages, args.rounds)
    finally:
        for worker in workers:
            worker.close()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    ok = report(results, names, against=args.against, limit=args.limit)
    print(f"RESULT: {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
