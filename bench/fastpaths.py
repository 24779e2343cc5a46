#!/usr/bin/env python3
"""Run a script with proposed generator speedups monkeypatched in, to measure them before the lead applies them.

    python bench/fastpaths.py [--only yaml,notags,dumper,nohmm,index] SCRIPT [ARGS...]
e.g. python bench/fastpaths.py build.py --seeds E --content C --out S --no-search --no-zip -q

Patches (each is a proposal for generator/, see bench/RESULTS.md):
  yaml    content.parse_content: yaml.safe_load → yaml.load(Loader=yaml.CSafeLoader) (libyaml)
  notags  pipeline.ingest/enrich: no jieba model when there is nothing to enrich (build from content/)
  dumper  content._Dumper: subclass yaml.CSafeDumper instead of yaml.SafeDumper (same bytes)
  nohmm   tags._tokens: jieba posseg cut with HMM=False (only dictionary words become tags anyway)
  index   search: cached per-character NFKC in normalize, regex runs(), table for small encode_number
  md      render._escape_then_markdown: plain text (no * _ ` \\ or newline) skips Markdown: "<p>…</p>"
  cards   render.card: memoized per (article id, root); an article's card appears on ~10 list pages
  cutonce tags: corpus_idf cuts each body at the same lead/rest boundary extract_tags uses, and
          _tokens memoizes per text, so every body is segmented once instead of twice
(yaml, notags, dumper and nohmm are in generator/ since commits 2e53d8b and 53d690f.)
"""

from __future__ import annotations

import functools
import re
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALL = ("index", "md", "cards", "cutonce")  # the default; yaml, notags, dumper, nohmm are upstream now
KNOWN = ("yaml", "notags", "dumper", "nohmm", *ALL)


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
    if "nohmm" in which:
        from generator import tags

        tags._tokens = lambda model, text: [(p.word, p.flag) for p in model.pos_tokenizer.cut(text, HMM=False)]
    if "index" in which:
        import unicodedata

        from generator import search

        @functools.lru_cache(maxsize=None)
        def fold(ch: str) -> str:
            return unicodedata.normalize("NFKC", ch).lower()

        search.normalize = lambda text: "".join(map(fold, text))
        cjk = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\U00020000-\U0003134f\u3007"
        run_re = re.compile(f"([{cjk}]+)|((?:(?![{cjk}])[^\\W_])+)")

        def runs(text: str):
            for m in run_re.finditer(text):
                yield (True, m.group(1)) if m.group(1) else (False, m.group(2))

        search.runs = runs
        small = [search.encode_number.__wrapped__(n) if hasattr(search.encode_number, "__wrapped__")
                 else search.encode_number(n) for n in range(8192)]
        original_encode = search.encode_number

        def encode_number(n: int) -> str:
            return small[n] if n < 8192 else original_encode(n)

        search.encode_number = encode_number


    if "md" in which:
        import html

        from generator import render

        special = re.compile(r"[*_`\\\n]")
        slow = render._escape_then_markdown

        def escape_then_markdown(md, text: str) -> str:
            escaped = html.escape(text.strip())
            if escaped and not special.search(escaped):
                return f"<p>{escaped}</p>"
            return slow(md, text)

        render._escape_then_markdown = escape_then_markdown
    if "cards" in which:
        from generator import render

        slow_card = render.card
        cards: dict = {}

        def card(article, root: str):
            key = (article.id, root)
            hit = cards.get(key)
            if hit is None or hit[0] is not article:
                hit = cards[key] = (article, slow_card(article, root))
            return hit[1]

        render.card = card


    if "cutonce" in which:
        from collections import defaultdict

        from generator import tags

        slow_tokens = tags._tokens
        memo: dict = {}

        def _tokens(model, text: str):
            hit = memo.get(text)
            if hit is None:
                hit = memo[text] = slow_tokens(model, text)
            return hit

        def parts(body: str):
            end = tags._SENTENCE_END.search(body, tags.LEAD_CHARS)
            cut = end.end() if end and end.start() < 2 * tags.LEAD_CHARS else tags.LEAD_CHARS
            return body[:cut], body[cut:]

        def corpus_idf(model, documents):
            df: dict = defaultdict(int)
            for document in documents:
                words = set()
                for part in parts(document):
                    words.update(word for word, _ in _tokens(model, part))
                for word in words:
                    df[word] += 1
            return {word: tags._blended_idf(model, word, df[word], len(documents)) for word in sorted(df)}

        tags._tokens = _tokens
        tags.corpus_idf = corpus_idf
        from generator import enrich
        enrich.corpus_idf = corpus_idf


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
