"""A small hand-made corpus covering what the reader site must show: four printed pages on two days
and one undated, a page with a picture and its articles' areas (as a PDF seed gives them) and
furniture, a photo without a title, a municipality, a page needing review, hostile text, shared tags."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from generator.site import assemble
from generator.config import SiteConfig
from generator.models import Article, Block, PageInfo, Region, Source
from generator.site.theme import load_theme
from generator.site.render import render_site

ROOT = Path(__file__).resolve().parents[2]

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTR = '"><img src=x onerror=alert(1)>'

PAGES = (
    PageInfo(id="p1", seed="p1.txt", paper="中国社会报", date="2024-01-17", page_no=5),
    PageInfo(id="p2", seed="000_f19c2ac29f8dcdb3.txt"),
    PageInfo(id="p3", seed="p3.pdf", paper="中国社会报", date="2024-01-17", page_no=1, section="要闻",
             furniture=("中国社会报", "2024年1月17日 星期三", "责编：王芳 美编：李强"), image="page.png"),
    PageInfo(id="p4", seed="p4.txt", paper="中国社会报", date="2024-01-16", page_no=1, section="要闻"),
)
PICTURE_SIZE = (300, 420)  # the page picture's pixels: a printed page's proportions


def _src(page: str, order: int, start: int, end: int, bbox=None) -> Source:
    info = next(p for p in PAGES if p.id == page)
    return Source(seed=info.seed, page_id=page, line_start=start, line_end=end, order=order, paper=info.paper,
                  date=info.date, page_no=info.page_no, bbox=bbox)


def _p(text: str, line: int = 1) -> Block:
    return Block("paragraph", text, (line, line))


def _h(text: str, line: int = 1) -> Block:
    return Block("subhead", text, (line, line))


GANSU = Region("甘肃省", "金昌市", "金川区", "620302")
TIANJIN = Region("天津市", None, "和平区", "120101")
TONGLU = Region("浙江省", "杭州市", "桐庐县", "330122")
ZHAOHUA = Region("四川省", "广元市", "昭化区", "510811")
BAZHOU = Region("四川省", "巴中市", "巴州区", "511902")

ARTICLES = (
    Article(
        id="p1-01", kind="article", title="“四位一体”聚合力城乡融合促文明", kicker="甘肃省金昌市金川区",
        subtitle=None, authors=("祁加鲲",),
        blocks=(_p("今年以来，甘肃省金昌市金川区以党的二十大精神为指引，以创建全国文明城市为龙头。", 10),
                _h("三项保障确保工作实效", 12),
                _p("金川区通过强化组织领导，建立区文明办统筹协调的工作推进机制。", 14)),
        source=_src("p1", 1, 1, 20), region=GANSU, tags=("文明实践", "志愿服务")),
    Article(
        id="p1-02", kind="article", title="牢记嘱托 踔厉笃行", kicker=None,
        subtitle="天津市和平区朝阳里社区志愿服务事业五年工作实录", authors=("和文",),
        blocks=(_p("天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。", 30),
                _h("坚持党建引领 打通服务群众的“最后一公里”", 32),
                _p("朝阳里社区将党的立场主张贯穿文明实践志愿服务全过程。", 34)),
        source=_src("p1", 2, 21, 60), region=TIANJIN, tags=("志愿服务", "社区治理")),
    Article(
        id="p1-03", kind="photo", title=None, kicker=None, subtitle=None, authors=("徐军勇", "江凌浩"),
        blocks=(_p("近年来，浙江省杭州市桐庐县发挥党建引领作用，在村民“家门口”打造“共富工坊”。图为村民酿制高粱酒。", 61),),
        source=_src("p1", 3, 61, 63), region=TONGLU, tags=("共同富裕", "志愿服务")),
    Article(
        id="p1-04", kind="article", title=f"安全测试{XSS_SCRIPT}", kicker=XSS_ATTR, subtitle=XSS_SCRIPT,
        authors=(XSS_ATTR,),
        blocks=(_p(f"正文里的{XSS_SCRIPT}与{XSS_ATTR}都只是文字。", 70), _h(XSS_SCRIPT, 71),
                _p("# 不是标题\n[链接](javascript:alert(1)) **强调**", 72)),
        source=_src("p1", 4, 70, 72), region=ZHAOHUA, tags=(XSS_SCRIPT, "文明实践"), needs_review=True),
    Article(
        id="p2-01", kind="article", title="持之以恒 让文明之花绚烂芬芳", kicker="四川巴中市巴州区",
        subtitle=None, authors=("刘欢欢",),
        blocks=(_p("“捡拾绿化带垃圾，宣传创建相关知识，发放宣传资料，规范人行道车辆停放……”1月5日，巴州区志愿者走上街头。", 3),),
        source=_src("p2", 1, 1, 8), region=BAZHOU, tags=("文明实践",)),
    Article(
        id="p2-02", kind="article", title="无地区的短讯", kicker=None, subtitle=None, authors=(),
        blocks=(_p("这是一条没有地区、没有标签的短讯。", 10),),
        source=_src("p2", 2, 9, 12)),
    Article(
        id="p3-01", kind="article", title="全国文明城市创建工作推进会召开", kicker=None, subtitle=None,
        authors=("本报记者 王芳",),
        blocks=(_p("1月16日，全国文明城市创建工作推进会召开，会议总结了一年来的志愿服务工作。", 1),),
        source=_src("p3", 1, 1, 5, bbox=(0.05, 0.12, 0.95, 0.45)), region=GANSU, tags=("志愿服务",)),
    Article(
        id="p3-02", kind="article", title="让“志愿红”成为城市底色", kicker="评论", subtitle=None, authors=("李强",),
        blocks=(_p("志愿者走进社区，把服务送到群众家门口。服务群众，志愿者在行动。", 6),),
        source=_src("p3", 2, 6, 9, bbox=(0.05, 0.48, 0.5, 0.95)), region=TIANJIN, tags=("志愿服务",)),
    Article(
        id="p4-01", kind="article", title="前一天的要闻", kicker=None, subtitle=None, authors=(),
        blocks=(_p("这是前一天第一版的一篇稿件，志愿与服务两个词分开出现。", 1),),
        source=_src("p4", 1, 1, 3)),
)


def _png(width: int, height: int, boxes) -> bytes:
    """A grey page with a darker block over each area: a stand-in for the picture a PDF page gives."""
    rows = []
    for y in range(height):
        row = bytearray(b"\0")  # filter type: none
        for x in range(width):
            inside = any(x0 * width <= x < x1 * width and y0 * height <= y < y1 * height for x0, y0, x1, y1 in boxes)
            row += b"\xb0" if inside else b"\xf4"
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) \
        + chunk(b"IEND", b"")


def page_picture() -> bytes:
    return _png(*PICTURE_SIZE, [a.source.bbox for a in ARTICLES if a.source.page_id == "p3"])


def write_site(out: Path, *, per_page: int = 4) -> Path:
    """Render the sample corpus with the default theme into `out`, as output.py would write it."""
    theme = load_theme(ROOT / "themes" / "default")
    for file in render_site(ARTICLES, PAGES, config=SiteConfig(per_page=per_page), theme=theme):
        target = out / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.data)
    (out / "pages" / "p3").mkdir(parents=True, exist_ok=True)
    (out / "pages" / "p3" / "page.png").write_bytes(page_picture())  # what assemble.page_pictures copies
    return out
