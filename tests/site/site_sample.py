"""A small hand-made corpus covering what the reader site must show: two printed pages (one dated),
a photo without a title, a municipality, a page needing review, hostile text, shared tags."""

from __future__ import annotations

from pathlib import Path

from generator.config import SiteConfig
from generator.models import Article, Block, PageInfo, Region, Source
from generator.render import load_theme, render_site

ROOT = Path(__file__).resolve().parents[2]

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTR = '"><img src=x onerror=alert(1)>'

PAGES = (
    PageInfo(id="p1", seed="p1.txt", paper="中国社会报", date="2024-01-17", page_no=5),
    PageInfo(id="p2", seed="p2.txt"),
)


def _src(page: str, order: int, start: int, end: int) -> Source:
    return Source(seed=f"{page}.txt", page_id=page, line_start=start, line_end=end, order=order)


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
)


def write_site(out: Path, *, per_page: int = 4) -> Path:
    """Render the sample corpus with the default theme into `out`, as output.py would write it."""
    theme = load_theme(ROOT / "themes" / "default")
    for file in render_site(ARTICLES, PAGES, config=SiteConfig(per_page=per_page), theme=theme):
        target = out / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.data)
    return out
