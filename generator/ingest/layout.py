"""Cleaned lines → typed blocks (kicker, title, subtitle, byline, lead, subhead, paragraph, caption).

Wrapped lines are re-flowed into paragraphs. A blank line is a paragraph break only after a line
that ends a sentence: extraction also leaves blanks at column breaks and before an opening quote.
"""

from __future__ import annotations

import bisect
import operator
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from generator.ingest.furniture import furniture_kind, is_app_name, is_paper_name, names_next_line, trailing_pointer
from generator.models import Block, Line

SENTENCE_END = "。！？…!?"
CLOSERS = "”’」』）)》"
BODY_PUNCT = set("，。；！？、,;!?")
BYLINE = re.compile(r"^[◎○●■□◆◇☆★]\s*(\S.*)$")
SUBTITLE = re.compile(r"^(?:——|－－|--)\s*(\S.*)$")
KICKER = re.compile(r"^([^，。；！？、,;!?：:]{2,28})[：:]$")
GLUED_KICKER = re.compile(r"^(.*[。！？…”’])\s+([^\s，。；！？、,;!?：:“”]{2,24})[：:]$")
# `本报讯（倪小红 梅开雷）` or `本报北京1月17日电（记者 张三）` opens an article's first paragraph.
# A wire agency's dateline opens its dispatch the same way: `新华社北京3月5日电（记者 周航）`.
LEAD = re.compile(r"^(?:本报(?:讯|[^\s（(，。]{0,16}电)|(?:新华社|中新社)[^\s（(，。]{0,16}电)\s*(?:[（(]([^）)]{0,40})[）)])?\s*")
_LEAD_STARTS = ("本报", "新华社", "中新社")
# The role words of bylines and credits, written once; each pattern takes the set it needs. None of
# them starts another of its set but 摄影 (listed after 摄影记者, 摄影师), so a set's order is free.
REPORTER_ROLES = ("记者", "通讯员", "实习生")  # who reports: a byline's role
WRITER_ROLES = (*REPORTER_ROLES, "评论员", "撰稿人")  # also who writes opinion and contributed pieces
PHOTO_ROLES = ("摄影记者", "摄影师", "摄影")


def roles(*words: str) -> str:
    """An alternation of role words, for a pattern."""
    return "|".join(map(re.escape, words))


# A role, with the unit before it: `记者`, `本报记者`, `全媒体记者`, `江城日报社记者`, `通讯员`; roles in
# a row are one (`摄影记者`, else `记者` would be taken for a name).
ROLE_WORDS = re.compile(rf"^[\u4e00-\u9fff]{{0,12}}?(?:{roles(*REPORTER_ROLES, '摄影', '编辑')})+\s*")
# Most lines are running text: these look at a line's first or last characters before running the
# pattern, which can match only lines that start or end so (`$` also matches before a final newline).
_BYLINE_MARKS = frozenset("◎○●■□◆◇☆★")
_DASHES = ("——", "－－", "--")
# The first characters of a byline or subtitle: a run whose lines start with none of them has neither.
_CLOSING_FIRSTS = _BYLINE_MARKS | {dash[0] for dash in _DASHES}
_first_char = operator.itemgetter(slice(0, 1))
_COLON_ENDS = ("：", ":", "：\n", ":\n")


def _lead(text: str) -> re.Match[str] | None:
    return LEAD.match(text) if text.startswith(_LEAD_STARTS) else None


def _byline(text: str) -> re.Match[str] | None:
    return BYLINE.match(text) if text[:1] in _BYLINE_MARKS else None


REPORTER_ROLE = re.compile(roles(*REPORTER_ROLES))
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]+·[\u4e00-\u9fff·]+")  # 孙磊, 买买提·艾力
_CREDIT_VERBS = ("摄", "供图", "摄影", "制图")


def role_byline(text: str) -> tuple[str, ...] | None:
    """The names of a byline printed with role words and no mark (`本报记者 孙磊 通讯员 何强`,
    `新华社记者李四`), or None: a short line of no punctuation whose every word is a role (with its
    unit) or a name, with at least one role and one name; a photo credit (`… 摄`) is none."""
    if ("记者" not in text and "通讯员" not in text and "实习生" not in text) or display_width(text) > 32:
        return None
    if not BODY_PUNCT.isdisjoint(text) or "：" in text or ":" in text or text.rstrip().endswith(_CREDIT_VERBS):
        return None
    found, roles = [], 0
    for chunk in _paired_singles(re.split(r"[\s、/]+", text.strip())):
        if not chunk:
            continue
        rest = ROLE_WORDS.sub("", chunk)
        roles += rest != chunk and bool(REPORTER_ROLE.search(chunk))
        if rest and not _PERSON.fullmatch(rest):
            return None
        if rest:
            found.append(rest)
    return tuple(found) if roles and found else None


def _paired_singles(words: list[str]) -> list[str]:
    """Single characters in a row, two by two: a two-character name padded to three (`胡 璐`) is one
    name; an odd run is left as it is (and so is no name)."""
    out: list[str] = []
    n = 0
    while n < len(words):
        end = n
        while end < len(words) and len(words[end]) == 1:
            end += 1
        run = words[n:end]
        if len(run) >= 2 and len(run) % 2 == 0:
            out += [run[k] + run[k + 1] for k in range(0, len(run), 2)]
            n = end
        else:
            out.append(words[n])
            n += 1
    return out


def _subtitle(text: str) -> re.Match[str] | None:
    return SUBTITLE.match(text) if text.startswith(_DASHES) else None


def display_width(text: str) -> float:
    """Width in columns of Chinese type: ASCII takes half a column."""
    if not text:
        return 0
    # Counting the ASCII characters by encoding them (the rest is dropped) is done in C; the sum of
    # halves and ones is exact in floating point, so this equals adding up character by character.
    return len(text) - 0.5 * len(text.encode("ascii", "ignore"))


def ends_sentence(text: str) -> bool:
    """A line that closes a sentence: `。`, `！`, `？`, `…`, or one of them inside a closing quote."""
    text = text.rstrip()
    if not text:
        return False
    if text[-1] in SENTENCE_END:
        return True
    return len(text) >= 2 and text[-1] in CLOSERS and text[-2] in SENTENCE_END


def join_wrapped(parts: Sequence[str]) -> str:
    """Join hard-wrapped lines: no space in Chinese, one space between two Latin words."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " "
        out += part
    return out


WRAPPED_LINES_AT_LEAST = 8  # to measure the column on wrapped lines alone


def column_width(lines: Sequence[Line]) -> float:
    """The page's typical body line width: the median width of lines that look like running text."""
    widths = [w for w in map(display_width, [line.text for line in lines]) if w >= 6]
    return statistics.median(widths) if widths else 20.0


def split_glued_kickers(lines: Sequence[Line]) -> list[Line | None]:
    """Split `…生活。 陕煤黄陵矿业一号煤矿：` into the sentence and the next article's kicker.

    `None` stands for a blank line, inserted between the two halves.
    """
    out: list[Line | None] = []
    for line in lines:
        match = GLUED_KICKER.match(line.text) if line.text.endswith(_COLON_ENDS) else None
        if match:
            out += [Line(line.number, match.group(1)), None, Line(line.number, match.group(2) + "：")]
        else:
            out.append(line if line.text else None)
    return out


def segments(lines: Sequence[Line]) -> list[tuple[Line, ...]]:
    """Group lines into runs between blank lines."""
    runs: list[tuple[Line, ...]] = []
    current: list[Line] = []
    for line in split_glued_kickers(lines):
        if line is None:
            if current:
                runs.append(tuple(current))
                current = []
        else:
            current.append(line)
    if current:
        runs.append(tuple(current))
    return runs


def is_kicker(text: str) -> bool:
    """A short line ending with `：` and holding no sentence punctuation: `四川广元市昭化区：`."""
    return text.endswith(_COLON_ENDS) and bool(KICKER.match(text))


# A numbered subhead: `一、…`, `（二）…`, `3. …`.
ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．]\s*)")


def is_head_like(text: str) -> bool:
    """A line that can be part of a headline or subhead: short, with no sentence punctuation."""
    if not text or _lead(text) or _byline(text) or is_kicker(text) or role_byline(text):
        return False
    enumerator = ENUMERATOR.match(text)
    words = text[enumerator.end() :] if enumerator else text  # the text after `一、`, `（二）` or `3.`
    if not words or not BODY_PUNCT.isdisjoint(words) or text[-1] in "：:":
        return False
    return display_width(text) <= 32


# A two-character name padded to three with a space, alone on its line: `李 明`.
_PADDED_NAME = re.compile(r"^([\u4e00-\u9fff]) ([\u4e00-\u9fff])$")


def padded_name(text: str) -> str | None:
    """The name of a byline that is a two-character name padded with a space (`李 明`), or None: its
    first character must be a common surname (a headline is rarely two characters spaced)."""
    match = _PADDED_NAME.match(text)
    return match.group(1) + match.group(2) if match and match.group(1) in COMMON_SURNAMES else None


def header_part(text: str) -> str | None:
    """The header kind of a line that can only be a header part, else None."""
    if _byline(text) or role_byline(text) or padded_name(text):
        return "byline"
    if _subtitle(text) and not any(ch in "。；" for ch in text):
        return "subtitle"
    if is_kicker(text):
        return "kicker"
    return None


def names(text: str) -> tuple[str, ...]:
    """Author names from a byline or lead: `倪小红 梅开雷` → two names; role words dropped; single
    characters two by two (`李 明` is one name padded)."""
    out = []
    for chunk in re.split(r"[\s、，,/]+", text.strip()):
        chunk = ROLE_WORDS.sub("", chunk)
        if chunk:
            out.append(chunk)
    return tuple(_paired_singles(out))


def split_run_together(run: str) -> tuple[str, ...]:
    """`徐军勇江凌浩` → (`徐军勇`, `江凌浩`): a credit of 4–6 characters is two names run together.

    Four characters are two given-name pairs (2+2), six are 3+3, five are 3+2 unless the fourth
    character is no common surname and the third is.
    """
    n = len(run)
    if n == 4:
        return (run[:2], run[2:])
    if n == 6:
        return (run[:3], run[3:])
    if n == 5:
        if run[3] not in COMMON_SURNAMES and run[2] in COMMON_SURNAMES:
            return (run[:2], run[2:])
        return (run[:3], run[3:])
    return (run,)


# The most frequent single-character surnames (national census order); only used to split runs.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)


def credit_names(text: str) -> tuple[str, ...]:
    """Photographers of a credit `徐军勇江凌浩`, or `本报记者 张三 李四`."""
    out: list[str] = []
    for name in names(text):
        out += split_run_together(name) if 4 <= len(name) <= 6 else [name]
    return tuple(out)


def _span(lines: Sequence[Line]) -> tuple[int, int]:
    return (lines[0].number, lines[-1].number)


@dataclass(frozen=True, slots=True)
class Credit:
    """A photo credit at the end of a line: the caption text before it, the names, and whether the
    credit holds words besides the names and a spaced `摄` (a unit, a role, `供图`), kept as printed."""

    before: str
    names: tuple[str, ...]
    printed: str
    has_words: bool


# The words of a photo credit: `全媒体记者 张三 摄`, `新华社记者 李四 摄`, `本报记者 王五摄`,
# `（通讯员 赵六 供图）`, `张三/摄`. A role ends the unit (`兰州日报社全媒体记者`); the names follow it.
CREDIT_ROLE = re.compile(f"(?:{roles(*PHOTO_ROLES, *REPORTER_ROLES, '见习生')})")
_CREDIT_VERB = re.compile(r"(\s*[/／]\s*|\s+)?(摄影|摄|供图)$")
_CREDIT_WHO = re.compile(r"[\u4e00-\u9fff· ]*$")
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,6}")


def parse_credit(line: str) -> Credit | None:
    """The photo credit ending a line, or None.

    A credit's names are the last words before `摄` or `供图`; the word before them that holds a
    role (`记者`, `通讯员`) is its unit and role, and a name may be glued to its role (`记者王五`).
    Without a space or slash before `摄`, only a role shows a credit: `组织拍摄` is running text.
    """
    text = line.strip()
    in_parentheses = text.endswith(("）", ")"))
    if in_parentheses:
        opening = max(text.rfind("（"), text.rfind("("))
        if opening < 0:
            return None
        before, text = text[:opening], text[opening + 1 : -1].strip()
    verb = _CREDIT_VERB.search(text)
    if not verb:
        return None
    head = text[: verb.start()]
    who = _CREDIT_WHO.search(head).group()
    if in_parentheses and who != head:
        return None  # inside parentheses, nothing but the credit
    if not in_parentheses:
        before = head[: len(head) - len(who)]
    tokens = who.split()
    names: list[str] = []
    while tokens and len(names) < 4 and _NAME.fullmatch(tokens[-1]) and not CREDIT_ROLE.search(tokens[-1]):
        names.insert(0, tokens.pop())
    roles = list(CREDIT_ROLE.finditer(tokens[-1])) if tokens else []
    if roles:
        glued = tokens[-1][roles[-1].end() :]  # `记者王五`
        if glued and not _NAME.fullmatch(glued):
            return None
        tokens = []  # the unit and role: kept in the printed credit
        names[:0] = [glued] if glued else []
    if not names or (not roles and not verb.group(1)):
        return None
    if tokens:
        before += " ".join(tokens)  # words before the names, with no role: caption text
    before = before.rstrip()
    printed = line.strip()[len(before) :].strip()
    # What a reader page may drop of a credit is its names (authors) and a spaced `摄`.
    has_words = bool(roles) or in_parentheses or verb.group(2) != "摄" or not verb.group(1).isspace()
    return Credit(before, credit_names(" ".join(names)), printed, has_words)


def _credit_of_caption(text: str) -> Credit | None:
    """The credit ending a caption line: after a sentence (or nothing), or with its role or unit."""
    if not text.rstrip().endswith(_CREDIT_ENDS):  # checked first: most lines end otherwise
        return None
    credit = parse_credit(text)
    if not credit:
        return None
    before = credit.before
    if before and not ends_sentence(before) and before[-1] not in "）)" and not credit.has_words:
        return None
    return credit


_CREDIT_ENDS = ("摄", "摄影", "供图", "）", ")")


def _caption_blocks(run: tuple[Line, ...], width: float) -> list[Block] | None:
    """A run ending with a photo credit (`… 徐军勇江凌浩 摄`) → caption and byline blocks, one pair
    for each credit in the run: several photos may be captioned one under the other."""
    if not _credit_of_caption(run[-1].text):
        return None
    ends = [i for i, line in enumerate(run) if _credit_of_caption(line.text)]
    blocks: list[Block] = []
    start = 0
    for end in ends:
        blocks += _one_caption(run[start : end + 1], width)
        start = end + 1
    return blocks


def _caption_apart(run: tuple[Line, ...]) -> list[tuple[Line, ...]]:
    """A run that is an article (a headline over it, or a lead in it) with a caption under its last
    sentence, the caption ending with its credit (`图为…。 本报记者 马骏 摄`): the two apart."""
    if len(run) < 3 or not run[-1].text.endswith(_CREDIT_ENDS):
        return [run]
    credit = _credit_of_caption(run[-1].text)
    if not credit or not credit.before:
        return [run]
    ends = [k for k in range(len(run) - 1) if ends_sentence(run[k].text)]
    if not ends or not (is_head_like(run[0].text) or any(_lead(line.text) for line in run[: ends[-1] + 1])):
        return [run]
    return [run[: ends[-1] + 1], run[ends[-1] + 1 :]]


def _one_caption(run: tuple[Line, ...], width: float) -> list[Block]:
    """Lines ending with a credit → [paragraph,] caption, byline. The printed credit stays in the
    caption when it holds more than names and `摄` (a unit, a role, `供图`): no word is dropped."""
    credit = _credit_of_caption(run[-1].text)
    # The caption spans the page: keep only the long lines at the end of the run as caption. A
    # credit alone on its line is under its caption's lines, whatever their width.
    start = len(run) - 1
    while start > 0 and display_width(run[start - 1].text) > 1.4 * width:
        start -= 1
    if start > 0 and (not credit.before or display_width(run[-1].text) <= 1.4 * width):
        start = 0
    lines = run[start:]
    text = join_wrapped([line.text for line in lines[:-1]] + [credit.before])
    if credit.has_words:
        text = f"{text} {credit.printed}" if text else credit.printed
    blocks = []
    if start:
        head = run[:start]
        blocks.append(Block("paragraph", join_wrapped([line.text for line in head]), _span(head)))
    blocks.append(Block("caption", text, _span(lines)))
    blocks.append(Block("byline", " ".join(credit.names), (run[-1].number, run[-1].number)))
    return blocks


# Closing marks that may not start a line, so they travel with the unit before them.
NO_LINE_START = set("，。、；：！？”’）》」』…·%")
OPENERS = set("“‘（《「『")


def first_unit(text: str) -> str:
    """The first unbreakable piece of a line: one Han character or a Latin/number run, with its quotes."""
    i = 0
    while i < len(text) and text[i] in OPENERS:
        i += 1
    if i < len(text) and text[i].isascii() and text[i].isalnum():
        while i < len(text) and text[i].isascii() and (text[i].isalnum() or text[i] in "+-.%/"):
            i += 1
    else:
        i += 1
    while i < len(text) and text[i] in NO_LINE_START:
        i += 1
    return text[:i]


def _is_running_text_start(text: str) -> bool:
    return not (header_part(text) or _lead(text))


FIRST_LINE_INDENT = 2  # columns
INDENT_EVIDENCE = 2  # paragraphs whose first line shows the indent


def first_line_indent(runs: Sequence[tuple[Line, ...]], width: float) -> float:
    """The page's paragraph indent in columns: how much shorter than the column the full first
    lines of its paragraphs are (two on a page set like the example, none on re-flowed text).
    Too few paragraphs to tell: none, and a heading as wide as the column reads as text."""
    shorts = []
    previous_ends = True
    for run in runs:  # a run after one that ended a sentence opens a paragraph
        first = run[0].text
        if previous_ends and len(run) > 1 and not ends_sentence(first) and not BODY_PUNCT.isdisjoint(first):
            shorts.append(width - display_width(first))
        previous_ends = ends_sentence(run[-1].text)
    if len(shorts) < INDENT_EVIDENCE:
        return 0
    return FIRST_LINE_INDENT if statistics.median(shorts) >= FIRST_LINE_INDENT - 0.5 else 0


def is_cut_line(text: str, next_text: str, width: float, *, indent: float = FIRST_LINE_INDENT) -> bool:
    """A line that a column break cut off a paragraph, not a heading.

    The line is full: the next line's first word would not have fitted after it. The first line of
    a paragraph is indented (`indent` columns, which extraction drops), so it is full that much
    short of the column; a heading as wide as the column is no paragraph's first line. Closing
    marks a line ends with may hang past the column (they cannot start the next line).
    A space between two Chinese characters marks a headline in two parts, never running text.
    """
    if re.search(r"[\u3400-\u9fff”’] [“‘\u3400-\u9fff]", text):
        return False
    room = width - indent
    w = display_width(text)
    return display_width(text.rstrip(_HANGING)) <= room + 0.5 and w + display_width(first_unit(next_text)) > room


_HANGING = "".join(NO_LINE_START)  # marks that may hang past the column at a line's end


def is_title_like(text: str) -> bool:
    """A line that can be a headline once a kicker or byline shows it is one: no full stop inside."""
    return (bool(text) and not any(ch in "。；;" for ch in text) and text[-1] not in "，、：:,"
            and display_width(text) <= 32 and not _lead(text) and not header_part(text))


# A heading right over its text, with no blank line between, is at most this share of the text's
# column wide: a paragraph's first line without punctuation is nearly as wide as the column.
HEADING_OVER_TEXT_AT_MOST = 0.75


def _table_row(text: str, fields: int = 0) -> bool:
    """A row of a table set as text: three fields or more parted by spaces, one of them a number
    (`城东区 312.5 6.1%`); with `fields`, just that many (the row of column names above it)."""
    cells = text.split()
    return len(cells) >= 3 and (not fields or len(cells) == fields) and any(c[:1].isdigit() for c in cells)


def _header_lines(run: tuple[Line, ...], width: float = 0.0, indent: float = FIRST_LINE_INDENT) -> int:
    """How many leading lines of a run are header parts; 0 when the run is running text.

    Lines before a byline or subtitle are headline lines; a kicker is followed by up to two.
    Without such a part, only lines with no sentence punctuation at all can be a heading: the whole
    run, the lines over a lead, or lines over running text that end short of the column (`width`,
    less a first line's `indent`), where no paragraph's first line would have ended.
    """
    texts = [line.text for line in run]
    closing = [] if _CLOSING_FIRSTS.isdisjoint(map(_first_char, texts)) else [
        i for i, t in enumerate(texts)  # a byline or subtitle starts with its mark: look at those only
        if (t[:1] in _BYLINE_MARKS or t.startswith(_DASHES)) and header_part(t) in ("byline", "subtitle")]
    # A byline of role words and names (`本报记者 孙磊`) closes a header too, right under its headline.
    closing += [i for i, t in enumerate(texts[:4]) if i not in closing and (role_byline(t) or padded_name(t))]
    closing.sort()
    if closing:
        last = closing[-1]
        if all(header_part(t) or is_title_like(t) for t in texts[:last]):
            return last + 1
        return 0
    if is_kicker(texts[0]):
        n = 1
        while n < len(texts) and n <= 2 and (is_title_like(texts[n]) or is_kicker(texts[n])):
            n += 1
        return n
    k = 0  # a justified line (`这 个 时`) and a table's rows are running text, however short
    while (k < len(texts) and is_head_like(texts[k]) and not run[k].justified and not _table_row(texts[k])
           and not (k + 1 < len(texts) and _table_row(texts[k + 1], fields=len(texts[k].split())))):
        k += 1
    if k == len(texts) or (k and _lead(texts[k])):
        return k
    if k and _table_row(texts[-1]) and all(len(t.split()) == len(texts[-1].split()) for t in texts[k:]):
        return k  # the title of a table set under it
    if k and width:  # `山区学校用上智慧课堂` / `近日，贵州省…`: a heading right over its text
        below = [display_width(t) for t in texts[k:-1] if not _table_row(t)]  # its column: its text's wrapped lines
        column = statistics.median(below) if len(below) >= 2 else max([width, *below])
        if all(display_width(texts[i]) + display_width(first_unit(texts[i + 1])) <= column - indent - 0.5
               and display_width(texts[i]) <= HEADING_OVER_TEXT_AT_MOST * column for i in range(k)):
            return k
    return 0


# Kinds of furniture a masthead is made of: a paper's name beside one of them is masthead too.
_MASTHEAD_KINDS = ("masthead", "date", "weather")


def furniture_lines(lines: Sequence[Line]) -> dict[int, str]:
    """The page's furniture lines, by index: what `furniture_kind` recognises (but a date line set in
    the middle of a paragraph, between two of its lines), the name of the app a `扫码下载` line asks
    for on the line under it, and the paper's name (`江城晚报`, `JIANGCHENG EVENING NEWS`) on a line
    next to masthead lines."""
    kinds = {i: kind for i, line in enumerate(lines) if line.text and (kind := furniture_kind(line.text))}
    if not kinds:
        return kinds
    filled = [i for i, line in enumerate(lines) if line.text]
    for k in range(1, len(filled) - 1):  # `至二月九日` / `星期日` / `晚上。`: a word of a paragraph set alone
        before, i, after = filled[k - 1], filled[k], filled[k + 1]
        if (kinds.get(i) == "date" and before not in kinds and after not in kinds
                and not ends_sentence(lines[before].text) and not BODY_PUNCT.isdisjoint(lines[before].text + lines[after].text)):
            del kinds[i]
    if not kinds:
        return kinds
    for before, i in zip(filled, filled[1:]):  # `扫码下载` / `观澜新闻`: the app's name is the masthead's
        if i not in kinds and names_next_line(lines[before].text) and is_app_name(lines[i].text):
            kinds[i] = "masthead"
    changed = True
    while changed:  # a masthead grows one neighbour at a time: name, English name, date…
        changed = False
        for k, i in enumerate(filled):
            if i in kinds or not is_paper_name(lines[i].text):
                continue
            near = [filled[j] for j in (k - 1, k + 1) if 0 <= j < len(filled)]
            if any(kinds.get(n) in _MASTHEAD_KINDS for n in near):
                kinds[i] = "masthead"
                changed = True
    return kinds


_POINTER_ENDS = frozenset("0123456789版页）)")


def _with_furniture(blocks: list[Block], furniture: list[Block]) -> list[Block]:
    """Furniture blocks put back among the others in the order of their lines."""
    out: list[Block] = []
    rest = iter(furniture)
    pending = next(rest, None)
    for block in blocks:
        while pending is not None and pending.lines[0] < block.lines[0]:
            out.append(pending)
            pending = next(rest, None)
        out.append(block)
    while pending is not None:
        out.append(pending)
        pending = next(rest, None)
    return out


_HAN_PAIR = re.compile(r"(?=([\u3400-\u9fff]{2}))")
# A line shaped like a cut-off first line is a headline when at most this share of its character
# pairs is in the article above and at least `BELOW_AT_LEAST` in the text under it.
ABOVE_AT_MOST = 0.1
BELOW_AT_LEAST = 0.25
# Fewer distinct pairs than this (a line of one character repeated) tell nothing of its words, and
# the text under a headline takes up at least `TAKEN_UP_AT_LEAST` of them.
WORDS_AT_LEAST = 3
TAKEN_UP_AT_LEAST = 2


def _pairs(text: str) -> set[str]:
    return set(_HAN_PAIR.findall(text))


def _reads_as_new_headline(run: Sequence[Line], blocks: Sequence[Block], below: Sequence[tuple[Line, ...]]) -> bool:
    """A line as wide as an indented first line, whose words the text under it takes up and the
    article above does not: a headline, not a paragraph cut off by a column break."""
    mine = _pairs("".join(line.text for line in run))
    if len(mine) < WORDS_AT_LEAST:
        return False
    above = []
    for block in reversed(blocks):
        if block.kind not in ("paragraph", "subhead", "caption", "byline", "lead"):
            break
        if block.kind == "paragraph":
            above.append(block.text)
    under = "".join(line.text for r in below for line in r)
    return _new_words(mine, "".join(above), under)


def reads_as_headline(text: str, above: str, below: str) -> bool:
    """Whether the text under a line takes up its words and the text above does not."""
    mine = _pairs(text)
    return len(mine) >= WORDS_AT_LEAST and _new_words(mine, above, below)


def _new_words(mine: set[str], above: str, below: str) -> bool:
    taken_up = mine & _pairs(below)
    share_above = len(mine & _pairs(above)) / len(mine)
    return share_above <= ABOVE_AT_MOST and len(taken_up) / len(mine) >= BELOW_AT_LEAST and len(taken_up) >= TAKEN_UP_AT_LEAST


def layout_page(lines: Sequence[Line]) -> tuple[Block, ...]:
    """Type every run of lines and re-flow paragraphs; furniture lines become furniture blocks.

    A furniture line reads as a blank line to the rest: a running head between two columns does
    not end the paragraph it interrupts.
    """
    found = furniture_lines(lines)
    furniture = [Block("furniture", lines[i].text, (lines[i].number, lines[i].number)) for i in sorted(found)]
    if found:
        lines = [Line(line.number, "") if i in found else line for i, line in enumerate(lines)]
    pointers = {i: at for i, line in enumerate(lines) if line.text[-1:] in _POINTER_ENDS
                and (at := trailing_pointer(line.text)) is not None}
    if pointers:  # `…安全。>>>03`: the pointer is the page's, the sentence the article's
        furniture = sorted(furniture + [Block("furniture", lines[i].text[at:].strip(), (lines[i].number,) * 2)
                                        for i, at in pointers.items()], key=lambda b: b.lines)
        lines = [Line(line.number, line.text[: pointers[i]].rstrip()) if i in pointers else line
                 for i, line in enumerate(lines)]
    runs = [part for run in segments(lines) for part in _caption_apart(run)]
    rules = sorted(lines[i].number for i, kind in found.items() if kind == "rule")
    # Measured on wrapped lines (not the last of their run): a paragraph's last line is short.
    wrapped = [line for run in runs for line in run[:-1]]
    width = column_width(wrapped if len(wrapped) >= WRAPPED_LINES_AT_LEAST else [line for run in runs for line in run])
    indent = first_line_indent(runs, width)
    blocks: list[Block] = []
    open_paragraph: list[Line] = []  # lines of a paragraph whose last line did not end a sentence

    def flush() -> None:
        if open_paragraph:
            blocks.append(Block("paragraph", join_wrapped([l.text for l in open_paragraph]), _span(open_paragraph)))
            open_paragraph.clear()

    for k, run in enumerate(runs):
        first = run[0].text
        if rules and k and bisect.bisect(rules, runs[k - 1][-1].number) < bisect.bisect(rules, run[0].number):
            flush()  # a separator (`=====`) between the two runs ends the paragraph that was open
        caption = _caption_blocks(run, width)
        if caption:
            # A photo is placed anywhere, even inside a paragraph, which goes on after it.
            if open_paragraph and ends_sentence(open_paragraph[-1].text):
                flush()
            blocks += caption
            continue
        continues = open_paragraph and not ends_sentence(open_paragraph[-1].text)
        if continues and not (_byline(first) or _subtitle(first) or _lead(first)):
            open_paragraph.extend(run)
            if ends_sentence(run[-1].text):
                flush()
            continue
        # A heading follows running text; after a byline, running text is the article's own.
        after_paragraph = bool(open_paragraph) or (bool(blocks) and blocks[-1].kind in ("paragraph", "byline"))
        # Right under an article's byline no headline can start: its first lines are text, however wide.
        after_byline = (not open_paragraph and bool(blocks) and blocks[-1].kind == "byline"
                        and (len(blocks) < 2 or blocks[-2].kind != "caption"))
        flush()
        n_head = _header_lines(run, width, indent)
        if blocks and blocks[-1].kind == "kicker" and not n_head:
            # Under a kicker come headline lines, even with a comma or an exclamation mark.
            while n_head < min(2, len(run)) and is_title_like(run[n_head].text):
                n_head += 1
        if (n_head == len(run) <= 3 and after_paragraph and k + 1 < len(runs)
                and not any(header_part(line.text) for line in run)
                and _is_running_text_start(runs[k + 1][0].text)
                and all(display_width(line.text) >= width - FIRST_LINE_INDENT - 0.5 for line in run[:-1])
                and (is_cut_line(run[-1].text, runs[k + 1][0].text, width, indent=indent if len(run) == 1 else 0)
                     or (after_byline and display_width(run[-1].text) >= width - FIRST_LINE_INDENT - 0.5))
                and (after_byline or not _reads_as_new_headline(run, blocks, runs[k + 1 : k + 3]))):
            n_head = 0  # the first lines of a paragraph, cut off by a column break
        head, body = run[:n_head], run[n_head:]
        if head:
            blocks += _header_blocks(head)
        if body:
            # A lead's parentheses may wrap onto the next line.
            match = _lead(join_wrapped([line.text for line in body[:2]]))
            if match:
                # The lead stays in the text (its words are the paper's); its names become authors.
                blocks.append(Block("lead", " ".join(names(match.group(1) or "")), _span(body[:1])))
            open_paragraph.extend(body)
            if ends_sentence(body[-1].text) or not body[0].text:
                flush()
    flush()
    blocks = _mark_subheads(blocks)
    return tuple(_with_furniture(blocks, furniture) if furniture else blocks)


# A headline set in very large type over a narrow column: three or more lines of at most this many
# columns each are one headline, read without spaces (`春节` / `“氛围组` / `”已就位`).
STACKED_LINE_WIDTH = 4


def _glued_title_lines(head: Sequence[Line]) -> list[Line]:
    """Title lines that are pieces of one line of headline joined: a line that opens with a mark
    that cannot start a line (`”已就位`) or follows a line ending with an opening mark, and runs of
    three or more very short lines."""
    texts = [line.text for line in head]
    is_title = [not header_part(t) for t in texts]
    short = [is_title[i] and display_width(t) <= STACKED_LINE_WIDTH for i, t in enumerate(texts)]
    stacked = [False] * len(head)
    i = 0
    while i < len(head):
        j = i
        while j < len(head) and short[j]:
            j += 1
        if j - i >= 3:
            stacked[i + 1 : j] = [True] * (j - i - 1)
        i = max(j, i + 1)
    out: list[Line] = []
    for k, line in enumerate(head):
        glue = k > 0 and is_title[k] and is_title[k - 1] and (
            stacked[k] or line.text[0] in NO_LINE_START or texts[k - 1][-1] in OPENERS)
        if glue:
            out[-1] = Line(out[-1].number, out[-1].text + line.text)
        else:
            out.append(line)
    return out


def _header_blocks(head: tuple[Line, ...]) -> list[Block]:
    out: list[Block] = []
    ends = {}  # a glued title's last line
    glued = _glued_title_lines(head) if len(head) > 1 else head
    if len(glued) < len(head):
        numbers = [line.number for line in glued]
        ends = {n: (numbers[k + 1] - 1 if k + 1 < len(numbers) else head[-1].number) for k, n in enumerate(numbers)}
    for line in glued:
        span = (line.number, line.number)
        part = header_part(line.text)
        if part == "byline" and padded_name(line.text):
            out.append(Block("byline", padded_name(line.text), span))
            out.append(Block("furniture", line.text, span))  # as printed, with the page
        elif part == "byline" and _byline(line.text) is None:
            # The names are the authors; the line as printed, role words and all, stays with the page.
            out.append(Block("byline", " ".join(role_byline(line.text)), span))
            out.append(Block("furniture", line.text, span))
        elif part == "byline":
            out.append(Block("byline", " ".join(names(_byline(line.text).group(1))), span))
        elif part == "subtitle":
            out.append(Block("subtitle", _subtitle(line.text).group(1), span))
        elif part == "kicker":
            out.append(Block("kicker", line.text[:-1].strip(), span))
        else:
            out.append(Block("title", _unbracketed(line.text), (line.number, ends.get(line.number, line.number))))
    return out


def _unbracketed(title: str) -> str:
    """A headline set wholly in lenticular brackets, as merged texts mark titles: `【秋粮收获进度过七成】`."""
    if title.startswith("【") and title.endswith("】") and title.count("【") == 1 and len(title) > 2:
        return title[1:-1].strip()
    return title


def _mark_subheads(blocks: list[Block]) -> list[Block]:
    """Title lines standing alone between paragraphs, with no kicker, subtitle or byline, are subheads.

    Whether such a heading is a subhead or the headline of a new article is decided by `split`.
    """
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "title":
            out.append(blocks[i])
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind in ("title", "kicker", "subtitle", "byline"):
            j += 1
        group = blocks[i:j]
        after_body = bool(out) and out[-1].kind == "paragraph"
        before_body = j < len(blocks) and blocks[j].kind == "paragraph"
        if all(b.kind == "title" for b in group) and len(group) <= 2 and after_body and before_body:
            text = " ".join(b.text for b in group)
            out.append(Block("subhead", text, (group[0].lines[0], group[-1].lines[1])))
        else:
            out.extend(group)
        i = j
    return out
