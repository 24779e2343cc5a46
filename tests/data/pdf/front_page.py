"""A city evening paper's front page, laid out the way Founder-style typesetting prints one.

    python3 tests/data/pdf/front_page.py [OUT_DIR]     # writes front-page(-2).html and .pdf

What real front pages have and the other fixtures lack, with made-up text: a masthead band (the
paper's name, the date split into a large year and `月·日`, the weekday, a lunar date, `今日16版`, a
weather box, `扫码下载` and an app's name, the hotline / postal code / CN number line, `主管主办 … 总第…期`);
a photo spread whose headline is set large in three stacked short lines with vertical-form brackets
(`﹃ ﹄`) over the grey photo, beside a lead column five characters wide whose every character is
placed on its own (justification gaps, an ASCII comma), all in white on the photo; three captions,
one beside its photo with its credit wrapped, two under theirs; teasers (导读) ending in `>>>05`
pointers set in a smaller size than the body; a top story in six narrow justified columns
(`text-justify: inter-character`, letter-spacing) ending with a `>>>02` pointer; a commentary whose
headline is set in `writing-mode: vertical-rl` at its right edge; an article whose text runs on in a
box below an advertisement; the advertisement in a frame; the editors' line at the foot. The gold
(`front-page.gold.json`) was written by hand from the printed page.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = 1123, 1587


def box(x: float, y: float, w: float, style: str, inner: str) -> str:
    return f'<div style="position:absolute;left:{x}px;top:{y}px;width:{w}px;{style}">{inner}</div>'


def text(s: str) -> str:
    return html.escape(s)


LATIN = "font-family:'Liberation Serif',serif;"  # what a typesetting system sets digits and Latin in


def latin(ch: str) -> str:
    """The style of one character set on its own: Latin letters, digits and ASCII marks in a Latin font."""
    return LATIN if ch.isascii() else ""


def placed(x: float, y: float, lines: list[str], *, size: float, cells: int, pitch: float, style: str = "") -> str:
    """Every character in its own absolutely placed span, each line spread over `cells` cells (how a
    typesetter justifies a narrow column: a short line gets gaps between all its characters)."""
    out = []
    width = cells * size
    for n, line in enumerate(lines):
        advances = [0.35 * size if ch in ",.;:" else size for ch in line]
        gap = (width - sum(advances)) / (len(line) - 1) if len(line) > 1 and n < len(lines) - 1 else 0.0
        left = x
        for ch, adv in zip(line, advances):
            out.append(f'<span style="position:absolute;left:{left:.2f}px;top:{y + n * pitch:.2f}px;'
                       f'font-size:{size}px;line-height:{size}px;{latin(ch)}{style}">{text(ch)}</span>')
            left += adv + gap
    return "".join(out)


MASTHEAD = [
    box(40, 22, 430, "font-size:64px;line-height:72px;font-weight:bold;letter-spacing:8px", "河谷晚报"),
    box(44, 98, 430, "font-size:15px;line-height:20px;letter-spacing:3px", "HEGU EVENING NEWS"),
    box(44, 124, 430, "font-size:12px;line-height:16px", text("中共河谷市委主管主办 河谷日报社出版 总第16021期")),
    box(500, 18, 110, "font-size:44px;line-height:48px;font-weight:bold", "2024"),
    box(500, 64, 110, "font-size:50px;line-height:56px;font-weight:bold", "2·1"),
    box(625, 26, 140, "font-size:16px;line-height:22px", "星期四"),
    box(625, 52, 140, "font-size:13px;line-height:18px", "农历癸卯年腊月廿二"),
    box(625, 78, 140, "font-size:18px;line-height:24px;font-weight:bold", "今日16版"),
    box(785, 20, 120, "border:1px solid #000;padding:4px 6px;font-size:13px;line-height:19px",
        "今日天气<br>晴转多云<br>-9℃~4℃<br>东北风3级"),
    box(930, 22, 66, "height:66px;background:#555", ""),
    box(1004, 28, 80, "font-size:12px;line-height:18px", "扫码下载<br>河谷+客户端"),
    box(500, 126, 583, "font-size:12px;line-height:16px",
        text("新闻热线:0900-8123456 邮发代号:53-99 国内统一连续出版物号 CN 99-0001")),
]

# The photo spread: a large photo with the headline and the lead printed on it, two smaller photos.
LEAD_LINES = ["这个时", "节的忙碌都", "写在街头巷", "尾：老街的", "屋檐下挂起", "了红灯笼，", "写春联的摊",
              "位前排起长", "队，年货市", "场里人声鼎", "沸。不觉", "中,新年的", "脚步越来越", "近了。"]
SPREAD = [
    box(40, 172, 700, "height:400px;background:#8a8f94", ""),
    box(70, 196, 230, "font-size:50px;line-height:60px;font-weight:bold;color:#fff", "腊月里<br>﹃年味儿<br>﹄上新了"),
    box(72, 386, 200, "font-size:14px;line-height:20px;color:#fff", "全媒体记者 韩雪"),
    placed(320, 200, LEAD_LINES, size=17, cells=5, pitch=25, style="color:#fff"),
    box(40, 580, 700, "font-size:13px;line-height:19px", text("1月31日，河谷东部市场的灯笼摊位前，市民正在挑选新春饰品。")),
    box(40, 599, 700, "font-size:13px;line-height:19px;text-align:right", "河谷日报社全媒体记者 赵文 摄"),
    box(40, 636, 230, "height:140px;background:#9a9fa4", ""),
    box(282, 640, 130, "font-size:13px;line-height:19px",
        text("老街的屋檐下挂起一排排红灯笼。") + "<br>河谷日报社全媒体记者 马骏 摄"),
    box(430, 636, 310, "height:120px;background:#7a7f84", ""),
    # this caption and its credit in the body's size: only its place under the photo and its credit tell it
    box(430, 762, 310, "font-size:14px;line-height:20px", text("写春联的摊位前，市民排队求取“福”字。")),
    box(430, 782, 310, "font-size:14px;line-height:20px;text-align:right", "河谷日报社全媒体记者 谭雨 摄"),
]

TEASERS = [
    ("城区新增八处便民停车场",
     "记者从市交通运输部门获悉，春节前城区将新增八处便民停车场，共提供车位两千余个，方便市民购物出行。", ">>>03"),
    ("春运首日河谷站发送旅客四万人次",
     "1月26日，春运正式拉开帷幕。当天河谷火车站共发送旅客四万余人次，铁路部门加开临客列车十二趟。", ">>>05"),
    ("社区年货节开到家门口",
     "连日来，城关区多个社区举办年货节，农产品、手工艺品和特色小吃摆满摊位，居民在家门口就能置办年货。", ">>>07"),
]


def teasers() -> list[str]:
    out = [box(760, 172, 323, "height:34px;background:#222;color:#fff;font-size:20px;line-height:34px;"
               "font-weight:bold;text-align:center", "导读")]
    y = 222
    for title, summary, pointer in TEASERS:
        out.append(box(768, y, 307, "font-size:18px;line-height:24px;font-weight:bold", text(title)))
        out.append(box(768, y + 30, 307, "font-size:13px;line-height:19px;text-align:justify;"
                       "text-justify:inter-character;text-indent:2em", text(summary)))
        out.append(box(768, y + 30 + 57, 307, "font-size:13px;line-height:19px;font-weight:bold;text-align:right",
                       text(pointer)))
        out.append(box(768, y + 118, 307, "border-top:1px solid #999;height:0", ""))
        y += 130
    return out


COMMENT_LINES = [
    "灯笼、春联、年货，这些看得见的年味，背后是一座城市的烟火气。今年的年货市场比往年更热闹，也更有新意：老字号推出了新包装，",
    "手工艺人把直播间搬进了摊位，不少年轻人专门来拍照打卡。年味从来不只是热闹，更是人们对美好生活的期盼。把市场管好、把服务做细，",
    "让每一位市民都能安心置办年货、开心过个好年，这份烟火气才会越来越浓。",
]
COMMENT = [
    box(1043, 630, 40, "writing-mode:vertical-rl;font-size:28px;line-height:40px;font-weight:bold", "年味里的烟火气"),
    box(768, 634, 262, "font-size:14px;line-height:21px;text-align:justify;text-justify:inter-character;"
        "text-indent:2em", text("".join(COMMENT_LINES))),
]

TOP_STORY = [
    "本报讯 记者从市发展改革部门获悉，连接黄河南北两岸的三座新桥今年内将陆续开工建设。三座桥梁总投资约四十六亿元，全部建成后，南北两岸之间的平均通行时间将由目前的四十分钟缩短到二十分钟左右。",
    "据介绍，三座新桥分别位于城区东部、中部和西部，其中中部的滨河大桥为双层结构，上层通行机动车，下层设置非机动车道和人行步道。目前三座桥梁的初步设计已通过专家评审，征地拆迁等前期工作正在有序推进。",
    "“过去去河对岸上班，早高峰堵在桥上是常事。”家住北岸的市民周女士说，听说要建新桥，邻居们都很期待。市交通运输部门表示，施工期间将优化周边道路交通组织，尽量减少对市民出行的影响。",
    "按照计划，三座新桥将在三年内全部建成通车，项目已列入今年全市重点建设项目清单。",
]


def top_story() -> list[str]:
    paragraphs = "".join(f'<p style="margin:0;text-indent:2em">{text(p)}</p>' for p in TOP_STORY)
    paragraphs += '<p style="margin:0;text-align:right;font-weight:bold">&gt;&gt;&gt;02</p>'
    return [
        box(40, 832, 1043, "font-size:40px;line-height:52px;font-weight:bold;text-align:center",
            "黄河北岸三座新桥年内开工"),
        box(40, 888, 1043, "font-size:20px;line-height:28px;text-align:center", "建成后南北两岸通行时间将缩短一半"),
        box(40, 920, 1043, "font-size:13px;line-height:20px;text-align:center", "全媒体记者 杜宇 通讯员 何琳"),
        box(40, 950, 1043, "column-count:6;column-gap:16px;font-size:14px;line-height:21px;letter-spacing:0.6px;"
            "text-align:justify;text-justify:inter-character", paragraphs),
    ]


MUSEUM = [
    "寒假以来，市博物馆的参观人数明显增加，日均接待观众超过八千人次，其中近一半是中小学生和家长。",
    "在彩陶展厅，讲解员正带着孩子们辨认陶罐上的纹饰。“这些旋涡纹是先民观察河水画出来的。”十岁的刘子涵听得很认真，不时在研学手册上做记录。博物馆今年推出了十二条研学线路，涵盖彩陶、丝路、古代书法等主题，每条线路都配有专门的讲解老师。",
    "除了看展，馆里的体验课也很受欢迎。拓印、陶艺、活字印刷等课程每天开设六场，名额常常在开放预约后几分钟内就被约满。为满足需求，博物馆将寒假期间的开放时间延长至晚上七点，并增加了线上预约名额。",
    "记者了解到，春节期间博物馆将照常开放，还将推出“博物馆里过大年”系列活动，展出馆藏的年画、剪纸和灯彩一百余件。市民可通过博物馆的官方网站和微信公众号了解活动详情并预约参观。",
]
# The text up to here is printed under the headline; the rest runs on in a box below the advertisement.
MUSEUM_CUT = "并增加了"


def museum() -> list[str]:
    k = next(n for n, p in enumerate(MUSEUM) if MUSEUM_CUT in p)
    cut = MUSEUM[k].index(MUSEUM_CUT)
    first = MUSEUM[:k] + [MUSEUM[k][:cut]]
    rest = [MUSEUM[k][cut:], *MUSEUM[k + 1:]]
    style = ("column-count:3;column-gap:16px;column-fill:auto;font-size:14px;line-height:21px;letter-spacing:0.6px;"
             "text-align:justify;text-justify:inter-character;")
    return [
        box(40, 1120, 520, "font-size:26px;line-height:34px;font-weight:bold;text-align:center", "寒假博物馆研学游升温"),
        box(40, 1158, 520, "font-size:13px;line-height:20px;text-align:center", "全媒体记者 宋佳"),
        box(40, 1184, 520, style + "height:210px",
            "".join(f'<p style="margin:0;text-indent:2em">{text(p)}</p>' for p in first)),
        box(580, 1366, 503, style.replace("column-count:3", "column-count:2").replace("column-fill:auto", "column-fill:balance"),
            f'<p style="margin:0">{text(rest[0])}</p>'
            + "".join(f'<p style="margin:0;text-indent:2em">{text(p)}</p>' for p in rest[1:])),
    ]


AD = [
    box(580, 1120, 497, "height:230px;border:3px solid #000", ""),
    box(1040, 1126, 32, "font-size:11px;line-height:16px;border:1px solid #000;text-align:center", "广告"),
    box(600, 1146, 460, "font-size:34px;line-height:44px;font-weight:bold;text-align:center", "河谷家电 新春焕新季"),
    box(600, 1200, 460, "font-size:22px;line-height:30px;text-align:center", "以旧换新 最高补贴八百元"),
    box(600, 1250, 460, "height:40px;background:#bbb", ""),
    box(600, 1300, 460, "font-size:14px;line-height:20px;text-align:center", text("活动时间:1月20日至2月20日")),
    box(600, 1320, 460, "font-size:14px;line-height:20px;text-align:center", text("地址:河谷市东岗路88号 电话:0900-8888888")),
]

FOOTER = [
    box(40, 1522, 1043, "border-top:2px solid #000;height:0", ""),
    box(40, 1530, 1043, "font-size:12px;line-height:18px",
        text("总值班:王建军 值班主任:刘红 首席编辑:陈静 美编:孙立 校对:何平 本报常年法律顾问:河谷正信律师事务所 李明")),
]

STYLE = f"""
@page {{ size: {WIDTH}px {HEIGHT}px; margin: 0 }}
html, body {{ margin: 0; padding: 0; font-family: "WenQuanYi Micro Hei", sans-serif; color: #000 }}
.page {{ position: relative; width: {WIDTH}px; height: {HEIGHT}px; overflow: hidden }}
"""


def front_page_html(*, tight: bool = False) -> str:
    """The first front page; `tight`: everything under the masthead set 22 px higher, so no gap wider
    than two body lines marks where the masthead ends (only its lines' shapes tell it)."""
    news = "".join([*SPREAD, *teasers(), *COMMENT, *top_story(), *museum(), *AD])
    if tight:
        news = f'<div style="position:absolute;left:0;top:-22px;width:{WIDTH}px;height:{HEIGHT}px">{news}</div>'
    return (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>{STYLE}</style>'
            f'<body><section class="page">{"".join(MASTHEAD)}{news}{"".join(FOOTER)}</section></body></html>')


# ---------------------------------------------------------------------------------------------
# The second front page: the masthead in a box at the top left beside the top story, whose text is
# set character by character (a typesetter's justified columns, a pointer at its end); a photo
# with a shadowed headline on it (the text layer holds the shadow's text too) and its credit set
# vertically beside it; a vertical headline with its byline under it and its text to its left; an
# article whose headline is a picture (no text at all); teasers pointing with `详见05版`.

CJK_CLOSING = set("，。、；：！？”’）》…")


def _cells(ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0


def set_lines(paragraph: str, cells: int, *, indent: int = 2) -> list[tuple[str, bool, int]]:
    """A paragraph broken into lines of `cells` cells, the way a typesetter does: a closing mark never
    starts a line (it is squeezed into the line before), the first line indented two cells. Each line
    comes with whether it ends the paragraph and its indent."""
    out, line, used, first = [], "", float(indent), True
    for ch in paragraph:
        if used + _cells(ch) > cells and not (ch in CJK_CLOSING and line):
            out.append((line, False, indent if first else 0))
            line, used, first = "", 0.0, False
        line += ch
        used += _cells(ch)
    out.append((line, True, indent if first else 0))
    return out


def set_columns(x: float, y: float, width: float, columns: int, gap: float, paragraphs: list[str], *,
                size: float, pitch: float, per_column: int, style: str = "", tail: str = "") -> str:
    """Paragraphs set character by character into `columns` columns of `per_column` lines: every
    character its own absolutely placed span, a line spread over the whole column but a paragraph's
    last line, the closing marks drawn after all the text; `tail` (a pointer) is set at the end of
    the last line."""
    col_width = (width - (columns - 1) * gap) / columns
    cells = int(col_width // size)
    lines = [ln for p in paragraphs for ln in set_lines(p, cells)]
    if tail:
        last, end, indent = lines[-1]
        lines[-1] = (last + tail, end, indent)
    spans, marks = [], []  # marks are drawn after the text, as some typesetting systems do
    for n, (line, end, indent) in enumerate(lines):
        col, row = divmod(n, per_column)
        left = x + col * (col_width + gap) + indent * size
        top = y + row * pitch
        advances = [_cells(ch) * size for ch in line]
        room = cells * size - indent * size - sum(advances)
        if room < 0:  # a closing mark squeezed in: the line's marks set in half their width
            advances = [0.5 * size if ch in CJK_CLOSING else adv for ch, adv in zip(line, advances)]
            room = cells * size - indent * size - sum(advances)
        spread = room / (len(line) - 1) if (not end or room < 0) and len(line) > 1 else 0.0
        for ch, adv in zip(line, advances):
            (marks if ch in CJK_CLOSING else spans).append(
                f'<span style="position:absolute;left:{left:.2f}px;top:{top:.2f}px;font-size:{size}px;'
                f'line-height:{size}px;{latin(ch)}{style}">{text(ch)}</span>')
            left += adv + spread
    return "".join(spans + marks)


MASTHEAD_B = [
    box(40, 26, 290, "font-size:50px;line-height:60px;font-weight:bold", "西岭都市报"),
    box(42, 88, 290, "font-size:11px;line-height:16px;letter-spacing:2px", "XILING METROPOLIS DAILY"),
    box(42, 112, 290, "font-size:15px;line-height:20px", "2025年3月6日 星期四"),
    box(42, 134, 290, "font-size:13px;line-height:18px", "农历乙巳年二月初七 今日24版"),
    box(42, 156, 290, "font-size:12px;line-height:16px", "西岭日报社主管主办 总第8888期"),
    box(42, 174, 290, "font-size:11px;line-height:16px", "国内统一连续出版物号 CN 99-0002"),
    box(42, 190, 290, "font-size:11px;line-height:16px", text("邮发代号:55-12 新闻热线:0937-6000000")),
    box(40, 222, 284, "border:1px solid #000;padding:4px 6px;font-size:13px;line-height:19px",
        "今日天气 多云转晴<br>3℃~15℃ 西北风4级<br>明日 晴 5℃~17℃"),
]

TOP_B = [
    "本报讯（记者 周航）记者从市能源局获悉，截至2月底，西岭市风电、光伏发电装机容量达到1020万千瓦，成为全省首个新能源装机突破千万千瓦的地级市。去年全市新能源发电量占全社会用电量的比重超过四成。",
    "近年来，西岭市依托丰富的风光资源，在戈壁荒漠地区规划建设了六个大型新能源基地，同步配套建设储能电站和外送通道。今年一季度，又有12个新能源项目集中开工，总投资约186亿元。",
    "市能源局有关负责人表示，下一步将加快推进源网荷储一体化项目建设，提高新能源就地消纳能力，力争到年底新能源装机容量再增加两百万千瓦。",
]

VERTICAL_B = [
    "三十年前，老周第一次走进城北的沙窝子，满眼都是流动的黄沙。那一年，他和村里的十几个年轻人扛着铁锹，在沙丘上扎下了第一片草方格。",
    "草方格固住了沙，梭梭和花棒才能扎下根。一年种，两年补，三年才能见成效。三十年来，老周和治沙队员们在城北种下了两万多亩防风固沙林，昔日的沙窝子变成了林草丰茂的绿洲。",
    "如今，老周的儿子也加入了治沙队伍。无人机播种、滴灌养护，治沙的办法越来越多，老周说，不变的是把沙漠变成绿洲的那份执着。",
]

PICTURE_HEADLINE_B = [
    "记者从市住房和城乡建设局了解到，今年全市计划为老旧小区加装电梯三百部，比去年增加一倍。目前已有一百二十个小区的加装方案通过业主表决，其中四十部电梯已进场施工。",
    "为加快进度，市里简化了审批流程，规划、施工许可等手续实行一窗受理、并联审批，办理时限由原来的六十个工作日压缩到二十个工作日。对符合条件的项目，每部电梯还可获得最高二十万元的财政补贴。",
    "“电梯通了，八十多岁的老母亲终于能下楼晒太阳了。”家住东关小区五楼的居民吴先生说。市住建局表示，将建立电梯运行维护长效机制，让居民用得上、用得好。",
]

TEASERS_B = [
    ("全市中小学开展春季研学", "本周起，全市中小学陆续开展春季研学活动，学生们走进田间、工厂和博物馆。", "详见05版"),
    ("城区新建口袋公园二十个", "今年城区将利用边角地新建口袋公园二十个，让市民出门就能见绿。", "详见06版"),
    ("春季招聘会提供岗位八千个", "3月8日，春季大型招聘会将在市会展中心举行，三百余家企业参会。", "详见07版"),
    ("西岭至敦煌旅游专列开行", "首趟旅游专列本月中旬开行，沿途设六个停靠站，可满足游客多样需求。", "详见09版"),
]

PICTURE_SCRIPT = """<script>
for (const c of document.querySelectorAll('canvas[data-text]')) {
  const x = c.getContext('2d'); x.font = 'bold 40px "WenQuanYi Micro Hei"'; x.textAlign = 'center';
  x.fillText(c.dataset.text, c.width / 2, 44);
}
</script>"""


def front_page_2_html() -> str:
    boxes = [*MASTHEAD_B]
    boxes.append(box(350, 24, 733, "font-size:38px;line-height:48px;font-weight:bold;text-align:center",
                     "西岭新能源装机突破千万千瓦"))
    boxes.append(box(350, 76, 733, "font-size:18px;line-height:26px;text-align:center",
                     "风电光伏发电量占全社会用电量四成"))
    boxes.append(set_columns(350, 116, 733, 4, 18, TOP_B, size=14, pitch=21, per_column=9, tail="（下转02版）"))
    boxes.append(box(40, 350, 660, "height:400px;background:#8a8f94", ""))
    boxes.append(box(64, 372, 600, "font-size:46px;line-height:56px;font-weight:bold;color:#fff;"
                     "text-shadow:0 0 6px #000", "沙海绿洲春意浓"))
    boxes.append(box(60, 718, 620, "font-size:13px;line-height:19px;color:#fff",
                     text("3月5日，志愿者在城郊治沙基地种植梭梭苗。")))
    boxes.append(box(704, 560, 16, "writing-mode:vertical-rl;font-size:12px;line-height:16px",
                     "西岭日报社记者 李响 摄"))
    boxes.append(box(1040, 356, 44, "writing-mode:vertical-rl;font-size:36px;line-height:44px;font-weight:bold",
                     "治沙人的三十个春天"))
    boxes.append(box(1052, 716, 20, "writing-mode:vertical-rl;font-size:13px;line-height:20px",
                     "本报记者 周航"))
    boxes.append(box(736, 358, 290, "font-size:14px;line-height:21px;text-align:justify;"
                     "text-justify:inter-character;letter-spacing:0.5px",
                     "".join(f'<p style="margin:0;text-indent:2em">{text(p)}</p>' for p in VERTICAL_B)))
    boxes.append(f'<canvas data-text="老旧小区加装电梯提速" width="1043" height="60" '
                 f'style="position:absolute;left:40px;top:930px"></canvas>')
    boxes.append(box(40, 994, 1043, "font-size:13px;line-height:20px;text-align:center", "本报记者 孙蕾"))
    boxes.append(box(40, 1022, 1043, "column-count:7;column-gap:14px;font-size:14px;line-height:21px;"
                     "text-align:justify;text-justify:inter-character;letter-spacing:0.5px",
                     "".join(f'<p style="margin:0;text-indent:2em">{text(p)}</p>' for p in PICTURE_HEADLINE_B)))
    boxes.append(box(40, 1290, 1043, "border-top:3px solid #000;height:0", ""))
    for n, (title, summary, pointer) in enumerate(TEASERS_B):
        x = 40 + n * 266
        boxes.append(box(x, 1304, 245, "font-size:16px;line-height:22px;font-weight:bold", text(title)))
        boxes.append(box(x, 1332, 245, "font-size:13px;line-height:19px;text-align:justify;text-indent:2em",
                         text(summary) + f'<b style="margin-left:4px;white-space:nowrap">{text(pointer)}</b>'))
    boxes.append(box(40, 1522, 1043, "border-top:1px solid #000;height:0", ""))
    boxes.append(box(40, 1530, 1043, "font-size:12px;line-height:18px",
                     text("本版责编:赵敏 美编:钱立 校对:周强 新闻热线:0937-6000000")))
    return (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>{STYLE}</style>'
            f'<body><section class="page">{"".join(boxes)}</section>{PICTURE_SCRIPT}</body></html>')


def make(out: Path) -> list[Path]:
    from make_fixtures import print_pdfs

    out.mkdir(parents=True, exist_ok=True)
    jobs = []
    for name, markup in (("front-page", front_page_html()), ("front-page-2", front_page_2_html())):
        (out / f"{name}.html").write_text(markup, encoding="utf-8")
        jobs.append((markup, out / f"{name}.pdf", None))
    print_pdfs(jobs)
    return [pdf for _, pdf, _ in jobs]


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
