#!/usr/bin/env python3
"""Build the reader site: ingest seeds/ into content/, then render site/, search and site.zip.

Exit codes: 0 success, 1 an input or content error (or a warning with --strict), 2 a usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535 (0: any free port), not {value}")
    return value


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Turn raw newspaper page text (seeds/*.txt) into editable articles (content/) "
        "and a static reader site (site/) with search, packed as site.zip for offline reading.",
    )
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="site settings (default: site.toml beside build.py)")
    parser.add_argument("--seeds", type=Path, metavar="DIR", help="raw page text files *.txt (default: seeds/)")
    parser.add_argument("--content", type=Path, metavar="DIR",
                        help="editable Markdown articles, written by ingest, corrected by editors (default: content/)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="the built site (default: site/)")
    zip_group = parser.add_mutually_exclusive_group()
    zip_group.add_argument("--zip", type=Path, metavar="PATH", help="the offline zip (default: site.zip)")
    zip_group.add_argument("--no-zip", action="store_true", help="do not write the zip")
    parser.add_argument("--no-search", action="store_true",
                        help="skip both search indexes (Pagefind and the offline one), for quick previews")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    parser.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                        help="worker processes (default: the number of cores, at most 2; 1 builds in one process)")
    loud = parser.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loud.add_argument("-v", "--verbose", action="store_true", help="print every step")
    parser.add_argument("--review", action="store_true",
                        help="after building, list the articles flagged needs_review, worst first (path:line: reason)")
    parser.add_argument("--no-wait", action="store_true",
                        help="if another build of this project is running, fail at once instead of waiting for it")
    parser.add_argument("--serve", nargs="?", type=_port, const=8000, default=None, metavar="PORT",
                        help="after building, serve the site on 127.0.0.1:PORT (default 8000) and rebuild "
                        "when seeds, content, the theme or the config change")
    return parser.parse_args(argv)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when it lies below it."""
    try:
        return f"{Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()}{'/' if Path(path).is_dir() else ''}"
    except ValueError:
        return str(path)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def summary_line(report, seconds: float) -> str:
    """`built 9 articles from 1 page (0 need review, 0 warnings) → site/ and site.zip in 6.5 s`."""
    s = report.summary
    written = _shown(s.out) + (f" and {_shown(s.zip_path)}" if s.zip_path is not None else "")
    warnings = _count(len(report.warnings), "warning")
    hint = "; --strict makes them errors" if report.warnings else ""
    return (f"built {_count(s.articles, 'article')} from {_count(s.pages, 'page')} "
            f"({s.needs_review} need{'s' if s.needs_review == 1 else ''} review, {warnings}{hint}) "
            f"→ {written} in {seconds:.1f} s")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    level = logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s" if args.verbose else "%(message)s")
    sys.path.insert(0, str(ROOT))
    from generator.errors import BuildError, BuildErrors
    from generator.infra.files import os_error_message
    from generator.pipeline import BuildOptions, run

    if args.config is not None and not args.config.is_file():  # a typo must not mean "all defaults"
        what = "is not a file" if args.config.exists() else "does not exist"
        print(f"error: {args.config}: the settings file {what} (check the path given to --config)", file=sys.stderr)
        return 1

    options = BuildOptions(
        config=args.config or ROOT / "site.toml",
        seeds=args.seeds, content=args.content, out=args.out,
        zip_path=None if args.no_zip else args.zip, no_zip=args.no_zip,
        search=not args.no_search, strict=args.strict, jobs=args.jobs,
        progress=sys.stderr.isatty() and not args.quiet and not args.verbose, wait=not args.no_wait,
    )
    started = time.monotonic()
    try:
        report = run(options)
    except BuildErrors as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the file system refused: a message naming the path, and the old site stays
        print(f"error: {os_error_message(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; site/ was left as it was", file=sys.stderr)
        return 130
    if args.review:
        for problem in report.flagged:
            print(problem)
        print(f"{len(report.flagged)} article(s) to review (also listed in content/REVIEW.md)")
    if not args.quiet:
        print(summary_line(report, time.monotonic() - started))
    if args.serve is not None:
        from generator.infra.serve import serve

        return serve(options, port=args.serve)
    return 0


if __name__ == "__main__":
    sys.exit(main())
