"""Lay out a day's items as the public article-crawler download scripts do with reportlab, and write
the gold (docs/gold.md) from the same items.

    python3 tests/data/pdf/make_reportlab_digest.py [OUT_DIR]

writes `reportlab-digest.pdf`, `reportlab-digest-text.txt` (the text a reader gets of it: pypdfium2's
`get_text_range()` of each page, a line apart) and their gold (`reportlab-digest.gold.json`,
`reportlab-digest-text.gold.json`), and where poppler-utils is installed `reportlab-digest-poppler.txt`
(pdftotext's text, scored with the text's gold). Needs reportlab and a CJK
TrueType font (Debian's fonts-wqy-microhei). The news is made up, written by hand below.

The layout is the one those scripts describe: A4, a table of contents first (numbered titles that
link to their articles, grouped by printed page, paginated), a notes area 6 cm wide on the right of
every page, titles centred in bold at 28 pt (wrapping onto more lines), kicker and subtitle centred
at 14 pt above and below, the byline centred at 10 pt (one name a line, sometimes), bold subheads a
little larger than the body, paragraphs indented two characters, no punctuation at a line's start,
a thin rule between items and a centred `第 x 页` on every page. The web edition's source line
`《 人民日报 》（ 2025年10月20日   第 02 版）` is one of each article's paragraphs, before or after its
byline. A font without a bold face is registered twice, as scripts do for SimSun: bold is then
only a font name, and the sizes are what tells a title.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PAPER, DATE = "人民日报", (2025, 10, 20)
SECTIONS = {1: "要闻", 2: "要闻", 3: "广告", 5: "评论"}

# Each item: page, kind (article, photo, credits, ad), kicker, title, subtitle, byline (the lines
# centred under the header, as printed), authors (the names a reader would list), source_first
# (the source line comes before the byline), body (paragraphs; "## " marks a subhead).
ITEMS = [
    dict(page=1, title="全国秋冬种进度过半", byline=["本报记者 苏 禾"], authors=["苏禾"], body=[
        "本报北京10月19日电　记者从农业农村部获悉：截至10月18日，全国秋冬种已完成过半，冬小麦播种进度快于上年同期。黄淮海主产区墒情适宜，大部分地块实现适期播种。",
        "农业农村部有关负责人介绍，今年秋冬种期间，各地组织农技人员深入田间地头，推广深松整地、宽幅精播等技术，帮助农户解决种子、化肥供应中的实际困难。",
        "针对部分地区土壤偏湿的情况，有关部门调度排水机械，指导农户抢墒播种，确保种足种好、应种尽种。",
    ]),
    dict(page=1, kicker="加快建设现代化产业体系", title="智能制造示范工厂加快建设", byline=["本报记者 方知远"],
         authors=["方知远"], body=[
        "记者从工业和信息化部了解到：截至9月底，全国已建成智能制造示范工厂400余家，覆盖装备制造、电子信息、原材料、消费品等主要行业。",
        "示范工厂通过数字化改造，生产效率平均提高三成以上，产品研制周期明显缩短。一些企业把生产数据接入工业互联网平台，实现了订单、排产、质检全流程在线管理。",
        "业内专家认为，智能制造是制造业转型升级的主攻方向。下一步，有关部门将推动更多中小企业“上云用数赋智”，让数字化红利惠及更广范围。",
    ]),
    dict(page=1, title="远洋科考船完成深海综合调查任务返回母港", subtitle="——本航次获取各类样品逾两千份",
         byline=["新华社记者 顾 言 周 舟"], authors=["顾言", "周舟"], source_first=True, body=[
        "新华社青岛10月19日电　历时86天、航程1.8万海里，一艘远洋科考船19日完成深海综合调查任务，返回青岛母港。",
        "本航次科考队员在西太平洋海域开展了地质、生物、化学等多学科综合调查，获取沉积物、岩石和生物样品两千余份，布放和回收深海观测设备20余套。",
        "科考队负责人表示，这些样品和数据将为研究深海生态系统和海底地质演化提供重要支撑。",
    ]),
    dict(page=1, kind="photo", title="图片报道", authors=["程远"], body=[
        "10月18日，农民在某县万亩稻田里驾驶收割机抢收水稻。眼下，当地中晚稻进入收获期，预计总产量稳中有增。　　本报记者 程 远摄",
    ]),
    dict(page=1, title="前三季度国民经济运行总体平稳稳中有进 新动能新优势加快培育壮大",
         byline=["本报记者 陆 川 秦 岭"], authors=["陆川", "秦岭"], body=[
        "本报北京10月19日电　国家统计局19日发布数据：前三季度，国内生产总值同比增长5%左右，就业形势总体稳定，居民消费价格温和上涨。",
        "分产业看，第一产业增加值稳定增长，第二产业中高技术制造业增加值增速明显快于全部规模以上工业，第三产业中信息传输、软件和信息技术服务业保持较快增长。",
        "国家统计局有关负责人表示，当前外部环境不确定性依然较多，但我国经济基础稳、优势多、韧性强、潜能大的特点没有变，有信心有能力实现全年目标任务。",
    ]),
    dict(page=1, kind="credits", title="本版责编：杜 衡 许文静"),
    dict(page=2, kicker="践行新发展理念", title="一条老街的“微更新”", subtitle="——某市以小切口推进城市更新的见闻",
         byline=["本报记者 姜 楠 宁 远"], authors=["姜楠", "宁远"], body=[
        "清晨，阳光洒在青石板路上，早点铺子冒着热气，几位老人在巷口的小广场上打太极拳。很难想象，两年前这里还是一条路面坑洼、电线凌乱、雨天积水的老街。",
        "这条老街始建于上世纪五十年代，全长不足一公里，两侧住着300多户居民。房屋老旧、管网破损、公共空间不足，曾是居民反映最集中的问题。",
        "## 改出宜居新空间",
        "改造之初，街道没有急着拿方案，而是挨家挨户上门听意见。“先问居民要什么，再定改什么。”街道负责同志说，仅前期走访就收集到各类意见建议400余条。",
        "根据居民意见，改造项目重点解决了雨污分流、线缆入地、路面平整等问题，新增口袋公园3处、休闲座椅60余组，还在街角建起了一座无障碍公共卫生间。施工期间，项目分段推进、错峰作业，尽量减少对居民生活的影响。",
        "“以前下雨天出门要穿雨靴，现在路面平了、排水顺了，晚上还有路灯照着，出门遛弯心里也踏实。”在这里住了40多年的居民老周说。",
        "## 留住城市烟火气",
        "改造不是推倒重来。老街保留了原有的街巷肌理和十余处老建筑，把一处闲置的仓库改造成社区书房和老年活动室，把沿街的老字号店铺招牌统一修缮，让老街既有新面貌，又有老味道。",
        "街道还引入社会资本，对沿街商铺进行统一规划，鼓励发展特色餐饮、手工艺品、文化创意等业态。如今，老街上的商户从改造前的30多家增加到70多家，周末客流量比过去翻了一番。",
        "“城市更新要坚持以人民为中心，既要改善居住条件，也要延续城市文脉。”该市住房和城乡建设部门负责同志表示，下一步将总结老街改造经验，在全市推广“小切口、微更新”的做法，让更多居民在家门口感受到城市的温度。",
    ]),
    dict(page=2, title="高校毕业生就业服务季活动启动", byline=["本报记者", "贺 晴", "齐 磊"], authors=["贺晴", "齐磊"],
         source_first=True, body=[
        "记者从人力资源和社会保障部获悉：今年秋季高校毕业生就业服务季活动日前启动，将持续到11月底。",
        "活动期间，各地将集中举办线上线下招聘会，组织用人单位进校园，为离校未就业毕业生提供职业指导、岗位推荐和技能培训等服务。",
        "有关负责人表示，将对有就业意愿的困难毕业生实施“一人一档”“一人一策”精准帮扶，确保服务不断线。",
    ]),
    dict(page=2, title="冷链物流网络加密延伸", subtitle="农产品出村进城更顺畅", byline=["本报记者 乔 木"], authors=["乔木"],
         body=[
        "走进某县农产品产地仓，刚采摘的蓝莓经过预冷、分拣、包装后直接装上冷藏车，第二天就能摆上千里之外城市超市的货架。",
        "近年来，各地加快补齐农产品冷链物流短板，产地冷藏保鲜设施不断增加。截至目前，全国已建成各类产地冷藏保鲜设施7万余个，新增库容1800万吨以上。",
        "冷链物流的发展，让农产品损耗率明显下降，农民增收有了新渠道。",
    ]),
    dict(page=2, kind="credits", title="本版责编：顾 然 孟 夏"),
    dict(page=3, kind="ad", title="广告"),
    dict(page=5, title="以实干笃定前行", byline=["本报评论员"], authors=[], body=[
        "干事创业，贵在实干。面对新形势新任务，只有脚踏实地、真抓实干，才能把蓝图变为现实。",
        "实干，要有迎难而上的担当。改革发展越往深处走，遇到的难题就越多，越需要拿出敢啃硬骨头的勇气，在攻坚克难中打开新局面。",
        "实干，更要有久久为功的韧劲。一张蓝图绘到底，一任接着一任干，方能积小胜为大胜。",
    ]),
    dict(page=5, kicker="人民时评", title="让惠企政策直达快享", byline=["何 川"], authors=["何川"], body=[
        "政策好不好，企业最有发言权。一段时间以来，不少地方推出“免申即享”服务，企业无需申报，符合条件即可享受政策红利。",
        "从“企业找政策”到“政策找企业”，变化的是服务方式，不变的是为企业纾困解难的初心。让政策红利更快落地，需要打通数据壁垒，提升部门协同效率。",
        "优化营商环境没有完成时。把惠企政策落实落细，才能让经营主体轻装上阵、放心发展。",
    ]),
    dict(page=5, kind="photo", title="秋色正浓", byline=["新华社记者 白 桦摄"], authors=["白桦"], body=[
        "10月19日，游客在某地森林公园观赏层林尽染的秋景。",
    ]),
    dict(page=5, kind="credits", title="本版责编：石 磊 林晓白"),
]

# Geometry (points): A4, the main column on the left, the notes area on the right.
PAGE_W, PAGE_H = 595.28, 841.89
CM = 28.3465
LEFT, TOP, BOTTOM = 2 * CM, 2 * CM, 2 * CM
NOTES = 6 * CM
RIGHT = PAGE_W - NOTES - 0.8 * CM  # the main column's right edge
BODY, BODY_LEAD = 12.0, 20.0
NO_LINE_START = set("，。、；：！？”’）》」』…%,.;:!?)")
NO_LINE_END = set("“‘（《「『(")


def source_line(page: int) -> str:
    y, m, d = DATE
    return f"《 {PAPER} 》（ {y}年{m}月{d}日   第 {page:02d} 版）"


def wrap(text: str, width: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Lines of `text` set at `size` in `width` points: no punctuation starts a line (it hangs at
    the end of the line before), no opening bracket ends one."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur, room = [], "", width - first_indent
    for ch in text:
        if cur and stringWidth(cur + ch, "Song", size) > room and ch not in NO_LINE_START:
            carry = ""
            while cur and cur[-1] in NO_LINE_END:
                carry, cur = cur[-1] + carry, cur[:-1]
            lines.append(cur)
            cur, room = carry, width
        cur += ch
    return lines + [cur] if cur else lines


class Layout:
    """The canvas with a cursor: draws lines down the main column, starting pages as they fill."""

    def __init__(self, path: Path):
        from reportlab.pdfgen import canvas

        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.c.setTitle(f"{PAPER} {DATE[0]}年{DATE[1]}月{DATE[2]}日")
        self.page = 1
        self.y = PAGE_H - TOP
        self._furnish()

    def _furnish(self) -> None:
        """The notes area (a frame, its label and writing lines) and the footer of the page."""
        c = self.c
        x0 = PAGE_W - NOTES
        c.setStrokeGray(0.6)
        c.setLineWidth(0.6)
        c.rect(x0, BOTTOM, NOTES - 0.8 * CM, PAGE_H - TOP - BOTTOM)
        c.setFillGray(0.4)
        c.setFont("Song", 10)
        c.drawString(x0 + 8, PAGE_H - TOP - 16, "笔记")
        c.setStrokeGray(0.85)
        y = PAGE_H - TOP - 40
        while y > BOTTOM + 10:
            c.line(x0 + 8, y, PAGE_W - 0.8 * CM - 8, y)
            y -= 24
        c.setFillGray(0)
        c.setStrokeGray(0)
        c.setFont("Song", 9)
        c.drawCentredString(PAGE_W / 2, BOTTOM - 24, f"第 {self.page} 页")

    def new_page(self) -> None:
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - TOP
        self._furnish()

    def room(self, height: float) -> bool:
        return self.y - height >= BOTTOM

    def line(self, text: str, size: float, lead: float, *, font: str = "Song", x: float = LEFT,
             centred: bool = False) -> None:
        if not self.room(lead):
            self.new_page()
        self.y -= lead
        self.c.setFont(font, size)
        if centred:
            self.c.drawCentredString((LEFT + RIGHT) / 2, self.y, text)
        else:
            self.c.drawString(x, self.y, text)

    def paragraph(self, text: str) -> None:
        for n, line in enumerate(wrap(text, RIGHT - LEFT, BODY, 2 * BODY)):
            self.line(line, BODY, BODY_LEAD, x=LEFT + (2 * BODY if n == 0 else 0))
        self.y -= 4

    def rule(self) -> None:
        self.y -= 8
        self.c.setLineWidth(0.5)
        self.c.line(LEFT, self.y, RIGHT, self.y)
        self.y -= 14


def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Song", str(FONT), subfontIndex=0))
    pdfmetrics.registerFont(TTFont("SongBold", str(FONT), subfontIndex=0))  # no bold face: a name only


def toc(lay: Layout, items: list[dict]) -> None:
    """The contents: the paper and date, then per printed page its heading and numbered titles, each
    a link to its item; a page takes as many entries as fit."""
    lay.line(f"{PAPER} {DATE[0]}年{DATE[1]}月{DATE[2]}日", 16, 30, font="SongBold", centred=True)
    lay.line("目录", 20, 36, font="SongBold", centred=True)
    lay.y -= 6
    page = None
    for n, item in enumerate(items, 1):
        if item["page"] != page:
            page = item["page"]
            lay.line(f"{page:02d}版：{SECTIONS[page]}", 12, 24, font="SongBold")
        lines = wrap(f"{n}. {item['title']}", RIGHT - LEFT - BODY, BODY)
        if not lay.room(len(lines) * 20):
            lay.new_page()
        top = lay.y
        for line in lines:
            lay.line(line, BODY, 20, x=LEFT + BODY)
        lay.c.linkRect("", f"item{n}", (LEFT, lay.y - 4, RIGHT, top), relative=0, thickness=0)
    lay.new_page()


def item_block(lay: Layout, n: int, item: dict) -> None:
    title = wrap(item["title"], RIGHT - LEFT, 28)
    head = (18 if item.get("kicker") else 0) + 36 * len(title) + (22 if item.get("subtitle") else 0) + 60
    if not lay.room(head):  # a header is kept with the start of its text
        lay.new_page()
    lay.c.bookmarkPage(f"item{n}", fit="XYZ", top=lay.y)
    if item.get("kicker"):
        lay.line(item["kicker"], 14, 22, centred=True)
    for line in title:
        lay.line(line, 28, 36, font="SongBold", centred=True)
    if item.get("subtitle"):
        lay.line(item["subtitle"], 14, 22, centred=True)
    lay.y -= 4
    byline = item.get("byline", []) if item["kind"] != "photo" else []
    if byline and not item.get("source_first"):
        for line in byline:
            lay.line(line, 10, 16, centred=True)
        lay.y -= 4
    if item["kind"] != "credits":  # a credits item is its title alone, as the web edition gives it
        lay.paragraph(source_line(item["page"]))
    if byline and item.get("source_first"):
        for line in byline:
            lay.line(line, 10, 16, centred=True)
        lay.y -= 4
    for para in item.get("body", []):
        if para.startswith("## "):
            lay.y -= 4
            lay.line(para[3:], 13.5, 24, font="SongBold")
        else:
            lay.paragraph(para)
    if item["kind"] == "photo":  # a photo's credit line follows its caption
        for line in item.get("byline", []):
            lay.line(line, 10, 16, centred=True)
    lay.rule()


def make_pdf(path: Path, *, contents: bool = True) -> None:
    """The digest; without `contents`, no table of contents (only the PDF's looks tell a title)."""
    register_fonts()
    lay = Layout(path)
    if contents:
        toc(lay, ITEMS)
    for n, item in enumerate(ITEMS, 1):
        item.setdefault("kind", "article")
        item_block(lay, n, item)
    lay.c.save()


def page_texts(path: Path) -> list[str]:
    """The text of each page as pypdfium2 gives it (`get_text_range()`)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for page in pdf:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


def gold(seed: str) -> dict:
    """The gold of the edition's articles and photos, from the items above."""
    iso = "%04d-%02d-%02d" % DATE
    out = []
    for item in ITEMS:
        kind = item.get("kind", "article")
        if kind in ("credits", "ad"):
            continue
        paras = [p for p in item["body"] if not p.startswith("## ")]
        if kind == "photo":
            caption = paras[0].split("\u3000\u3000")[0]  # the credit's names are its authors
            out.append({"kind": "photo", "kicker": None, "title": None, "subtitle": None, "authors": item["authors"],
                        "subheads": [], "paragraphs": 1, "body_start": caption[:12], "body_end": caption[-8:],
                        "paper": PAPER, "date": iso, "page": item["page"]})
            continue
        out.append({
            "kind": "article", "kicker": item.get("kicker"), "title": item["title"],
            "subtitle": item["subtitle"].lstrip("—") if item.get("subtitle") else None,
            "authors": item["authors"], "subheads": [p[3:] for p in item["body"] if p.startswith("## ")],
            "paragraphs": len(paras), "body_start": paras[0][:16], "body_end": paras[-1][-12:],
            "must_contain": [paras[len(paras) // 2][4:20]], "paper": PAPER, "date": iso, "page": item["page"],
        })
    return {"seed": seed, "note": "made-up news written by hand in tests/data/pdf/make_reportlab_digest.py, laid "
            "out as reportlab download scripts do; gold written from those items, never from the splitter",
            "items": out}


SEEDS = {"reportlab-digest.pdf": "reportlab-digest.gold.json", "reportlab-digest-text.txt": "reportlab-digest-text.gold.json"}
POPPLER = "reportlab-digest-poppler.txt"  # Debian's pdftotext of the PDF, where poppler-utils is installed


def make(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / "reportlab-digest.pdf"
    make_pdf(pdf)
    (out / "reportlab-digest-text.txt").write_text("\n".join(page_texts(pdf)) + "\n", encoding="utf-8")
    for seed, name in SEEDS.items():
        (out / name).write_text(json.dumps(gold(seed), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if shutil.which("pdftotext"):
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), str(out / POPPLER)], check=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=HERE)
    make(parser.parse_args().out)
