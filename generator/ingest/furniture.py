"""Page furniture: the lines of a printed page that belong to the page, not to an article.

Running heads and footers (`第 3 版`, `第 12 页`, `2024年1月15日 星期一 要闻 03`), the masthead
(`主管主办`, `总第14967期`, `邮发代号`, `国内统一连续出版物号`, hotlines, `扫码下载`), editors' credits
(`责编：…`, `美编`, `校对`, `总值班`, `值班主任`, `本版邮箱`), pointers to other pages (`>>>02`,
`下转第2版`, `详见05版`) and `广告`. The rules read the shape of a line (its words of office, numbers and
punctuation), never one paper's names.
"""

from __future__ import annotations

import re

_NUM = r"[0-9０-９一二三四五六七八九十百〇零]+"
_SP = r"[\s\u3000]*"
# Roles on an editors' credit line, followed by a colon and a name: `责编：王五  美编：李四`; a role may
# carry a word of rank or scope before it (`首席编辑`, `本报常年法律顾问`).
_ROLES = ("责任编辑|本版责编|本版编辑|责编|编辑|美编|美术编辑|校对|总值班|值班主任|值班总编|值班编委|"
          "版式设计|版式|组版|制图|设计|审读|签发|照排|终审|统筹|本版统筹|法律顾问")
CREDITS = re.compile(rf"^{_SP}(?:[\u4e00-\u9fff]{{0,6}}?(?:{_ROLES}){_SP}[：:]{_SP}\S[^：:]{{0,20}}?{_SP}){{1,8}}$")
MAILBOX = re.compile(rf"^{_SP}本版(?:邮箱|信箱|电邮|投稿邮箱){_SP}[：:]")
# `第 3 版`, `第03版：要闻`, `第 12 页`, `- 3 -`, alone on their line or beside a section name.
RUNNING = re.compile(rf"^{_SP}(?:[^\s，。；！？]{{0,12}}{_SP})?第{_SP}(?:{_NUM}{_SP}[版页]|[0-9０-９]+{_SP}面)(?:{_SP}[：:]?{_SP}"
                     rf"[^\s，。；！？]{{1,12}})?{_SP}$")
# An inner page's running head: its date, then the section's name and the page number, in either
# order: `2024年1月15日 星期一 要闻 03`, `2024年1月15日 03 要闻`.
_DATE = rf"\d{{4}}{_SP}年{_SP}\d{{1,2}}{_SP}月{_SP}\d{{1,2}}{_SP}日(?:{_SP}(?:星期|周)[一二三四五六日天])?"
RUNNING_DATED = re.compile(rf"^{_SP}{_DATE}{_SP}(?:[\u3400-\u9fff]{{2,8}}{_SP}\d{{1,2}}|\d{{1,2}}{_SP}[\u3400-\u9fff]{{2,8}}){_SP}$")
PAGE_MARK = re.compile(rf"^{_SP}[-—－]{_SP}{_NUM}{_SP}[-—－]{_SP}$")
# What only a masthead prints: the paper's publishing facts.
MASTHEAD = re.compile(
    r"主管主办|主管\s*主办|主办\s*出版|社出版|总第\s*\d+\s*期|邮发代号|国内统一连续出版物号|国内统一刊号|"
    r"CN\s*\d{2}\s*[-－]\s*\d{4}"
)
# What a masthead prints and a story may say too: hotlines with their number, the scan-me lines, the
# lunar year; only on a line with no sentence punctuation (`市民可拨打服务热线12345反映…，` is a story's).
MASTHEAD_WEAK = re.compile(
    r"(?:新闻|读者|服务|广告|发行|订阅)热线\s*[:：]?\s*\d|"
    r"扫码(?:下载|关注|阅读|看|收听|观看)|扫描二维码|二维码|农历[甲乙丙丁戊己庚辛壬癸]"
)
# `>>>02`, `>>> 3版`, `下转第2版`, `上接第1版`, `（下转第四版）`, `转02版`.
POINTER = re.compile(rf"^{_SP}[（(]?{_SP}(?:>{{2,}}|》{{2,}}|＞{{2,}}|(?:下转|上接|转|接|详见)第?){_SP}{_NUM}{_SP}"
                     rf"[版页]?{_SP}[)）]?{_SP}$")
# A pointer at the end of a line of text: `…安全。>>>03`, `…80余家。（下转02版）`, `…博物馆。详见05版`.
TRAILING_POINTER = re.compile(rf"(?:>{{2,}}|》{{2,}}|＞{{2,}}|[（(]{_SP}(?:下转|上接|转|接|详见)第?{_SP}{_NUM}{_SP}[版页]{_SP}[)）]"
                              rf"|详见{_SP}第?{_SP}{_NUM}{_SP}[版页])"
                              rf"{_SP}(?:{_NUM}{_SP}[版页]?)?{_SP}$")
# A separator drawn with characters (`==========`, `----------`, `＊＊＊＊＊`): it parts two items.
RULE = re.compile(r"^\s*([=\-_*~～＝－＊·•─━—])(?:\s*\1){5,}\s*$")
AD = re.compile(rf"^{_SP}[（(【\[]?{_SP}广{_SP}告{_SP}[)）】\]]?{_SP}$")
# The masthead's date, alone on its line or in parts: `2023年12月28日 星期四`, `星期四`, `2023`, `12·28`,
# `农历癸卯年十一月十六`. A bare year or `月·日` line is too short to be a wrapped line of running text.
_WEEKDAY = r"(?:星期|周|礼拜)[一二三四五六日天]"
DATE_LINE = re.compile(
    rf"^{_SP}(?:\d{{4}}{_SP}年{_SP}\d{{1,2}}{_SP}月{_SP}\d{{1,2}}{_SP}日{_SP}(?:{_WEEKDAY})?|"
    rf"\d{{1,2}}{_SP}月{_SP}\d{{1,2}}{_SP}日{_SP}{_WEEKDAY}|"
    rf"(?:\d{{4}}{_SP}年{_SP}\d{{1,2}}{_SP}月{_SP}\d{{1,2}}{_SP}日{_SP})?{_WEEKDAY}|\d{{4}}|"
    rf"\d{{1,2}}{_SP}[·.．／/]{_SP}\d{{1,2}}(?:{_SP}{_WEEKDAY})?)"
    rf"(?:{_SP}农历\S{{2,12}})?{_SP}$")
# A lunar date with `农历`, or a sexagenary year's date without it: `癸卯年十二月廿二`, `甲辰年正月初五`.
_LUNAR_DAY = r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年闰?[正一二三四五六七八九十冬腊]{1,2}月(?:初|十|廿|卅|二十|三十)[一二三四五六七八九十]?"
_LUNAR_AFTER_NAME = (r"(?:[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年)?\s*"
                     r"(?:闰?[正一二三四五六七八九十冬腊]{1,2}月(?:(?:初|十|廿|卅|二十|三十)[一二三四五六七八九十]?)?)?")
LUNAR = re.compile(rf"^{_SP}(?:农历{_SP}(?=\S){_LUNAR_AFTER_NAME}|{_LUNAR_DAY})(?:{_SP}{_WEEKDAY})?{_SP}$")
# `今日16版`, `本期12版`: how many pages the issue has.
ISSUE_PAGES = re.compile(rf"^{_SP}(?:今日|本期|今天){_SP}{_NUM}{_SP}版{_SP}$")
# A weather line holds only weather words, temperatures and winds: `晴转多云 -6℃~5℃ 西北风3级`.
_TEMPERATURE = re.compile(r"[-－零]?\d+(?:\.\d)?\s*(?:℃|°C|度)")
_WEATHER_WORDS = re.compile(
    r"[-－~～—至到转/，、\s\d]|℃|°C|度|今天|明天|后天|今日|明日|白天|夜间|夜晚|晚间|天气|气温|城区|"
    r"[东南西北]{0,2}风|微风|\d+(?:[-~～]\d+)?级|晴|多云|阴|小雨|中雨|大雨|暴雨|阵雨|雷阵雨|雨夹雪|小雪|中雪|"
    r"大雪|阵雪|雨|雪|雾|霾|沙尘|有|间|最高|最低|[:：]")
WEATHER_MAX_LEFT = 2  # Han characters a weather line may hold beyond its weather words
# Words that name an app or an account to scan for, on a short line of their own: `江城+客户端`.
APP = re.compile(r"客户端|微信公众号|官方微博|抖音号|视频号")


def is_weather(line: str) -> bool:
    """A short line of weather words and a temperature, with no sentence in it."""
    if len(line) > 40 or not _TEMPERATURE.search(line) or re.search(r"[。！？；]", line):
        return False
    return len(_WEATHER_WORDS.sub("", line)) <= WEATHER_MAX_LEFT


def is_weather_words(line: str) -> bool:
    """A short line of weather words only (`今日天气`, `晴转多云`, `东北风3级`): a weather box's line,
    which `is_weather` tells only beside a temperature."""
    text = line.strip()
    return bool(text) and len(text) <= 20 and not re.search(r"[。！？；]", text) and \
        len(_WEATHER_WORDS.sub("", text)) <= WEATHER_MAX_LEFT and len(_WEATHER_WORDS.sub("", text)) < len(text)


def furniture_kind(text: str) -> str | None:
    """What kind of page furniture a line is (`credits`, `running`, `masthead`, `pointer`, `ad`, `rule`,
    `date`, `weather`), or None.

    A masthead word only counts on a short line or one without sentence punctuation: an article may
    quote a hotline in a sentence.
    """
    line = text.strip()
    if not line:
        return None
    if CREDITS.match(line) or MAILBOX.match(line):
        return "credits"
    if POINTER.match(line):
        return "pointer"
    if RUNNING.match(line) or PAGE_MARK.match(line) or RUNNING_DATED.match(line):
        return "running"
    if AD.match(line):
        return "ad"
    if RULE.match(line):
        return "rule"
    if MASTHEAD.search(line) and (len(line) <= 40 or not re.search(r"[，。；！？]", line)):
        return "masthead"
    if MASTHEAD_WEAK.search(line) and not re.search(r"[，。；！？,;!?]", line):
        return "masthead"
    if DATE_LINE.match(line) or LUNAR.match(line):
        return "date"
    if ISSUE_PAGES.match(line) or (APP.search(line) and len(line) <= 16 and not re.search(r"[，。；！？]", line)):
        return "masthead"
    if is_weather(line):
        return "weather"
    return None


def trailing_pointer(text: str) -> int | None:
    """Where a pointer to another page starts at the end of a line of text, or None."""
    match = TRAILING_POINTER.search(text)
    if not match or not match.start() or not text[: match.start()].strip():
        return None
    return match.start()


def section_of(text: str) -> str | None:
    """The page's name a running head gives, or None: `第02版 要闻` and `要闻 第 2 版` → `要闻`.

    The name is the words beside `第N版` that are not a date or the paper's issue: the longest
    run of Han characters, of two to eight.
    """
    line = text.strip()
    if not (RUNNING.match(line) or RUNNING_DATED.match(line)):
        return None
    rest = re.sub(rf"第{_SP}{_NUM}{_SP}[版页面]|{_DATE}", " ", line)
    words = [w for w in re.findall(r"[\u3400-\u9fff]{2,8}", rest) if not re.search(r"[年月日]$", w)]
    return max(words, key=len) if words else None


# A line that names the paper, next to masthead lines: a few Han characters ending with one of
# the words papers are named by (`江城晚报`), or a line of Latin capitals (`JIANGCHENG EVENING NEWS`).
PAPER_NAME = re.compile(r"^[\u3400-\u9fff]{1,10}(?:报|刊)$|^[A-Z][A-Z .&'-]{3,40}$")


# `扫码下载` ending its line: what to scan for is printed on the next (`观澜新闻`).
SCAN_FOR_NEXT = re.compile(r"扫码(?:下载|关注|阅读|看|收听|观看)\s*$")
_APP_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9+·]{2,10}$")


def names_next_line(text: str) -> bool:
    """A masthead line that ends by asking to scan for what the next line names."""
    return bool(SCAN_FOR_NEXT.search(text))


def is_app_name(text: str) -> bool:
    """A short name with no punctuation: what a `扫码下载` line above it asks to scan for."""
    return bool(_APP_NAME.match(text.strip()))


def is_paper_name(text: str) -> bool:
    """A line shaped like a paper's name; furniture only beside other masthead lines (see layout)."""
    return bool(PAPER_NAME.match(text.strip()))
