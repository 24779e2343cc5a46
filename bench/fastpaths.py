#!/usr/bin/env python3
"""Run a script with proposed generator speedups monkeypatched in, to measure them before the lead applies them.

    python bench/fastpaths.py [--only yaml,notags,dumper] SCRIPT [ARGS...]
e.g. python bench/fastpaths.py build.py --seeds E --content C --out S --no-search --no-zip -q

Patches (each is a proposal for generator/, see bench/RESULTS.md):
  yaml    content.parse_content: yaml.safe_load → yaml.load(Loader=yaml.CSafeLoader) (libyaml)
  notags  pipeline.ingest/enrich: no jieba model when there is nothing to enrich (build from content/)
  dumper  content._Dumper: subclass yaml.CSafeDumper instead of yaml.SafeDumper (same bytes)
yaml, notags and dumper are in generator/ since commits 2e53d8b and 53d690f; applying them again
changes nothing. These are in generator/ too now, so they are accepted and do nothing (their
reference versions live on in tests/unit/test_fastpaths_identical.py, which proves the same bytes):
  nohmm   tags: jieba cut with HMM=False, part of speech from the dictionary (tags._words)
  index   search: cached per-character NFKC, one regex for runs(), table for small numbers
  md      render._escape_then_markdown: plain text (no * _ ` \\ or newline) skips Markdown
  cards   render.render_site: a card is made once per (article id, root)
  cutonce tags: corpus_idf cuts at the lead like extract_tags; enrich shares one tags.WordCache
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UPSTREAM = ("nohmm", "index", "md", "cards", "cutonce")  # in generator/ now: accepted, no effect
ALL: tuple[str, ...] = ()  # the default: every measured patch is upstream
KNOWN = ("yaml", "notags", "dumper", *UPSTREAM)


def apply(which: set[str]) -> None:
    sys.path.insert(0, str(ROOT))
    import yaml

    if "yaml" in which and getattr(yaml, "CSafeLoader", None):
        loader = yaml.CSafeLoader
        yaml.safe_load = lambda stream: yaml.load(stream, Loader=loader)  # noqa: E731
    if "notags" in which:
        from generator import enrich

        original = enrich.enrich_articles

        def enrich_articles(articles, model=None):
            return [] if not articles else original(articles, model)

        enrich.enrich_articles = enrich_articles
    if "dumper" in which and getattr(yaml, "CSafeDumper", None):
        from generator import content

        class _Dumper(yaml.CSafeDumper):
            pass

        _Dumper.add_representer(str, content._str_presenter)
        content._Dumper = _Dumper


def main() -> None:
    args = sys.argv[1:]
    which = set(ALL)
    if args and args[0] == "--only":
        which = set(args[1].split(",")) - {""}
        if which - set(KNOWN):
            sys.exit(f"unknown patch {sorted(which - set(KNOWN))}; known: {', '.join(KNOWN)}")
        args = args[2:]
    apply(which)
    script = args[0]
    sys.argv = args
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
