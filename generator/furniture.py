"""Page furniture: the lines of a printed page that belong to the page, not to an article.

Running heads and footers (`第 3 版`, `第 12 页`, `2024年1月15日 星期一 要闻 03`), the masthead
(`主管主办`, `总第14967期`, `邮发代号`, `国内统一连续出版物号`, hotlines, `扫码下载`), editors' credits
(`责编：…`, `美编`, `校对`, `总值班`, `值班主任`, `本版邮箱`), pointers to other pages (`>>>02`,
`下转第2版`) and `广告`. The rules read the shape of a line (its words of office, numbers and
punctuation), never one paper's names.
"""

from __future__ import annotations

import re

_NUM = r"[0-9０-９一二三四五六七八九十百〇零]+"
_SP = r"[\s\u3000]*"
# Roles on an editors' credit line, followed by a colon and a name: `责编：王五  美编：李四`.
_ROLES = ("责任编辑|本版责编|本版编辑|责编|编辑|美编|美术编辑|校对|总值班|值班主任|值班总编|值班编委|"
          "版式设计|版式|组版|制图|设计|审读|签发|照排|终审|统筹|本版统筹")
CREDITS = re.compile(rf"^{_SP}(?:(?:{_ROLES}){_SP}[：:]{_SP}\S[^：:]{{0,20}}?{_SP}){{1,8}}$")
MAILBOX = re.compile(rf"^{_SP}本版(?:邮箱|信箱|电邮|投稿邮箱){_SP}[：:]")
# `第 3 版`, `第03版：要闻`, `第 12 页`, `- 3 -`, alone on their line or beside a section name.
RUNNING = re.compile(rf"^{_SP}(?:[^\s，。；！？]{{0,12}}{_SP})?第{_SP}{_NUM}{_SP}[版页面](?:{_SP}[：:]?{_SP}"
                     rf"[^\s，。；！？]{{1,12}})?{_SP}$")
PAGE_MARK = re.compile(rf"^{_SP}[-—－]{_SP}{_NUM}{_SP}[-—－]{_SP}$")
MASTHEAD = re.compile(
    r"主管主办|主管\s*主办|主办\s*出版|社出版|总第\s*\d+\s*期|邮发代号|国内统一连续出版物号|国内统一刊号|"
    r"CN\s*\d{2}\s*[-－]\s*\d{4}|新闻热线|读者热线|服务热线|广告热线|发行热线|订阅热线|"
    r"扫码(?:下载|关注|阅读|看|收听|观看)|扫描二维码|二维码|农历[甲乙丙丁戊己庚辛壬癸]"
)
# `>>>02`, `>>> 3版`, `下转第2版`, `上接第1版`, `（下转第四版）`, `转02版`.
POINTER = re.compile(rf"^{_SP}[（(]?{_SP}(?:>{{2,}}|》{{2,}}|＞{{2,}}|(?:下转|上接|转|接)第?){_SP}{_NUM}{_SP}"
                     rf"[版页]?{_SP}[)）]?{_SP}$")
AD = re.compile(rf"^{_SP}[（(【\[]?{_SP}广{_SP}告{_SP}[)）】\]]?{_SP}$")


def furniture_kind(text: str) -> str | None:
    """What kind of page furniture a line is (`credits`, `running`, `masthead`, `pointer`, `ad`), or None.

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
    if RUNNING.match(line) or PAGE_MARK.match(line):
        return "running"
    if AD.match(line):
        return "ad"
    if MASTHEAD.search(line) and (len(line) <= 40 or not re.search(r"[，。；！？]", line)):
        return "masthead"
    return None
