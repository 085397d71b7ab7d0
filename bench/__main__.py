"""`make bench`: runs every bench/bench_*.py module's run() and prints its BENCH lines.

Each benchmark measures its figures side by side in one run and prints ratios or medians as
`BENCH <name> <value> <unit>` (see shared spec cli.md). Benchmarks are never part of `make test`.
"""

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    # Benchmarks build and wipe their own data: never in the working database.
    scratch = os.path.join(tempfile.mkdtemp(prefix="trienkhai-bench-"), "bench.sqlite3")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{scratch}")
    here = Path(__file__).parent
    failed = 0
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        try:
            module.run()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            failed += 1
            print(f"{info.name} failed: {exc}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
