"""Command-line tasks of the course package.

    python -m course_utils fetch-reviews            # lesson 08's offline review sets, once (sha256-checked)
    python -m course_utils fetch-reviews --status   # say what is cached
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["fetch-reviews"]:
        from ._reviews import main as fetch

        return fetch(args[1:])
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
