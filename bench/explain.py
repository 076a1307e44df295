"""EXPLAIN ANALYZE every query a page runs, on one database.

    .venv/bin/python bench/explain.py bench_history_1m home offering statistics [--plans 2]

Opens each page (names as in `pages.py`) once to warm up, then once more capturing its SQL,
runs EXPLAIN (ANALYZE) on each SELECT and prints its execution time, whether PostgreSQL
compiled it (JIT) and the top of its plan; `--plans N` prints the N slowest plans in full.
A booking post is not explained (it writes).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def explain(cursor, sql: str, params) -> tuple[float, bool, list[str]]:
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
    plan = [row[0] for row in cursor.fetchall()]
    time = next(float(line.split()[2]) for line in plan if line.startswith("Execution Time"))
    return time, any(line.startswith("JIT") for line in plan), plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--plans", type=int, default=1, help="slowest plans to print in full")
    args = parser.parse_args()
    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    os.environ["DATABASE_URL"] = f"{server}/{args.database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    sys.path[:0] = [str(BENCH.parent), str(BENCH)]
    import django

    django.setup()
    from _pages_worker import Visitors
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visitors = Visitors()
    for page in args.pages:
        visitors.request(page)
        with CaptureQueriesContext(connection) as captured:
            visitors.request(page)
        explained = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                # The captured SQL has its parameters filled in already.
                explained.append((*explain(cursor, sql.replace("%", "%%"), None), sql))
        total = sum(time for time, *_ in explained)
        print(f"== {page}: {len(captured)} queries, {total:.1f} ms in the database")
        for time, jit, plan, _sql in explained:
            flag = " JIT" if jit else ""
            print(f"  {time:8.2f} ms{flag}  {plan[0][:110]}")
        for time, _jit, plan, sql in sorted(explained, key=lambda row: -row[0])[: args.plans]:
            print(f"-- slowest ({time:.2f} ms):\n{sql}\n" + "\n".join(plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())
