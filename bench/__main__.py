"""Run every benchmark module (``bench/<name>.py`` with a ``main()``), each in its own process,
so that each can configure Django its own way. ``python -m bench [name ...]`` runs a subset;
options after the names go to each of them (``python -m bench search --items 100000``)."""

import pkgutil
import subprocess
import sys
from pathlib import Path


def main(argv):
    here = Path(__file__).parent
    first_option = next((i for i, arg in enumerate(argv) if arg.startswith("-")), len(argv))
    argv, options = argv[:first_option], argv[first_option:]
    names = argv or sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_")
    )
    failed = 0
    for name in names:
        print(f"\n## {name}\n", flush=True)
        result = subprocess.run([sys.executable, "-m", f"bench.{name}", *options], cwd=here.parent)  # noqa: S603
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
