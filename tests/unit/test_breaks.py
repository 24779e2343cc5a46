"""breaks: a page whose blank lines say nothing (none at all, or one after every line) is split as
the same page with its blank lines in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest.breaks import restore_runs
from generator.ingest.clean import clean_page
from generator.ingest.printed_page import ingest_page, split_printed_page
from generator.models import PageInfo

REPO = Path(__file__).resolve().parents[2]
SEED = (REPO / "seeds" / "000_f19c2ac29f8dcdb3.txt").read_text(encoding="utf-8")
PAGES = REPO / "tests" / "data" / "pages"
INFO = PageInfo(id="p", seed="p.txt")


def without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def with_a_blank_after_every_line(text: str) -> str:
    return "\n\n".join(line for line in text.split("\n") if line.strip())


def paragraphs(article) -> list[str]:
    return [b.text for b in article.blocks if b.kind == "paragraph"]


def what_a_reader_sees(text: str) -> list[tuple]:
    return [(a.kicker, a.title, a.subtitle, a.authors, a.kind, [b.text[:8] for b in a.blocks], paragraphs(a)[-1][-12:])
            for a in ingest_page(text, INFO)]


@pytest.mark.parametrize("reshape", [without_blank_lines, with_a_blank_after_every_line])
@pytest.mark.parametrize("page", ["seed", "dev-04", "dev-09", "style-01", "evening-01"])
def test_a_page_without_its_blank_lines_gives_the_same_articles(page, reshape):
    text = SEED if page == "seed" else (PAGES / f"{page}.txt").read_text(encoding="utf-8")
    assert what_a_reader_sees(reshape(text)) == what_a_reader_sees(text)


def test_a_page_whose_blank_lines_mark_its_runs_is_left_as_it_is():
    lines = clean_page(SEED)
    assert restore_runs(lines) is lines


def test_text_with_one_paragraph_a_line_is_left_as_it_is():
    text = "\n\n".join(["标题一", *(f"第{n}段的文字，写满了一整段话，说完了一件事。" for n in range(14))])
    lines = clean_page(text)
    assert restore_runs(lines) is lines


BYLINE_THEN_TEXT = """\
社区食堂开进老街巷
◎ 李明
老街社区的第一家社区食堂开门迎客，附近
的老人走几步就能吃上热饭。食堂由社区牵
头，请来周边的餐饮企业经营，每餐三荤两
素，价格比外面便宜一半。
“饭菜软烂，适合我们老年人。”80岁的张
大爷说。社区还为行动不便的老人送餐上门，
每天送出四十多份。
社区负责人介绍，食堂开业一个月，每天接
待老人一百多人次，社区还将开设第二家。
"""


def test_a_flat_page_keeps_its_headline_byline_and_paragraphs():
    [article] = ingest_page(BYLINE_THEN_TEXT, INFO)
    assert (article.title, article.authors) == ("社区食堂开进老街巷", ("李明",))
    assert [p[:6] for p in paragraphs(article)] == ["老街社区的第", "“饭菜软烂，", "社区负责人介"]


SUBHEAD_THEN_TEXT = """\
老街社区的第一家社区食堂开门迎客，附近
的老人走几步就能吃上热饭。食堂由社区牵
头，请来周边的餐饮企业经营，每餐三荤两
素，价格比外面便宜一半。
送餐上门
照顾行动不便的老人
社区还为行动不便的老人送餐上门，每天送
出四十多份，志愿者每周上门看望独居老人
两次，把老人的冷暖记在心里。社区负责人
介绍，送餐的志愿者大多是社区的退休居民。
"""


def test_a_subhead_over_a_first_line_without_punctuation_stays_a_subhead():
    """`社区还为…每天送` has no comma: as wide as the column, under a heading, it is text."""
    [article] = ingest_page("社区食堂开进老街巷\n◎ 李明\n" + SUBHEAD_THEN_TEXT, INFO)
    assert [(b.kind, b.text[:8]) for b in article.blocks] == [
        ("paragraph", "老街社区的第一家"), ("subhead", "送餐上门 照顾行"), ("paragraph", "社区还为行动不便")]


CAPTIONS = """\
老街社区的第一家社区食堂开门迎客，附近
的老人走几步就能吃上热饭。食堂由社区牵
头，请来周边的餐饮企业经营，每餐三荤两
素，价格比外面便宜一半。（下转02版）
图为老人们在食堂用餐。 本报记者 王五 摄
灯笼挂满老街
全媒体记者 陈刚 摄
“福”字送市民
江城日报社全媒体记者 王晓 摄
"""


def test_captions_on_a_flat_page_are_photos_of_their_own():
    articles = ingest_page("社区食堂开进老街巷\n◎ 李明\n" + CAPTIONS + "\n".join(BYLINE_THEN_TEXT.split("\n")[2:]), INFO)
    photos = [(a.blocks[0].text.split()[0][:8], a.authors) for a in articles if a.kind == "photo"]
    assert photos == [("图为老人们在食堂", ("王五",)), ("灯笼挂满老街", ("陈刚",)), ("“福”字送市民", ("王晓",))]
    [story] = [a for a in articles if a.kind == "article"]
    assert (story.title, paragraphs(story)[0][-10:]) == ("社区食堂开进老街巷", "价格比外面便宜一半。")


# A city evening paper's front page as its PDF's text layer gives it (made-up news): captions with
# their credits first, a headline stacked in three short lines with vertical-form brackets, its text
# in a column five characters wide (justified: `这 个 时`), the masthead's lines, then the top story.
FRONT_PAGE_BLOCKS = [
    "“灯谜”挂满街\n江城日报社全媒体记者 王晓 摄",
    "花灯点亮老街\n江城日报社全媒体记者 陈刚 摄",
    "元宵\n﹃灯会季\n﹄开场了",
    "这 个 时\n节的街巷\n挂满了灯\n笼 ,猜 谜\n的 人 排 起\n长队……不\n知 不 觉 中\n,元宵节就\n要到了。",
    "新闻热线:5123456 邮发代号:61-22 国内统一连续出版物号 CN 61-0031",
    "总值班:李卫东 值班主任:马建国 首席编辑:韩冰 美编:吴桐 校对:李静",
    "2024\n2·20\n今日16版\n星期二\n甲辰年正月十一\n扫码下载\n江城新闻\n中共江城市委主管主办 江城日报社出版 总第15020期",
    "全市重点项目集中开工\n总投资超过三百亿元\n>>>02",
    "本报讯（记者 刘洋）2月19日上午，全市一季度重点项目集中开工仪式在高新区举行，58个项目\n"
    "集中开工，总投资超过三百亿元，涵盖先进制造、新能源、城市更新等领域。据介绍，这批项\n"
    "目建成后，预计每年新增产值两百亿元，带动就业一万余人。",
]


@pytest.mark.parametrize("joiner", ["\n\n", "\n", None], ids=["blocks", "no-blank-lines", "a-blank-after-every-line"])
def test_an_evening_papers_front_page_reads_the_same_in_every_form(joiner):
    lines = [line for block in FRONT_PAGE_BLOCKS for line in block.split("\n")]
    text = "\n\n".join(FRONT_PAGE_BLOCKS) if joiner == "\n\n" else (joiner or "\n\n").join(lines)
    articles = ingest_page(text, INFO)
    assert [(a.kind, a.title, a.authors, paragraphs(a)) for a in articles] == [
        ("photo", None, ("王晓",), ["“灯谜”挂满街 江城日报社全媒体记者 王晓 摄"]),
        ("photo", None, ("陈刚",), ["花灯点亮老街 江城日报社全媒体记者 陈刚 摄"]),
        ("article", "元宵“灯会季”开场了", (), ["这个时节的街巷挂满了灯笼,猜谜的人排起长队……不知不觉中,元宵节就要到了。"]),
        ("article", "全市重点项目集中开工 总投资超过三百亿元", ("刘洋",), [FRONT_PAGE_BLOCKS[-1].replace("\n", "")]),
    ]
    assert not any(a.needs_review for a in articles)
    record = split_printed_page(text, INFO).record
    assert (record.date, record.page_no) == ("2024-02-20", 1)
    assert "江城新闻" in record.furniture and "甲辰年正月十一" in record.furniture


# A day's articles merged into one text, as download scripts save them: each title in 【】 on its own
# line, each paragraph a line set in with full-width spaces, a rule of = between items (made-up news).
MERGED = "".join(
    f"【{title}】\n\n" + "\n".join("\u3000\u3000" + p for p in paragraphs) + "\n\n" + "=" * 60 + "\n\n"
    for title, paragraphs in [
        ("秋粮收获进度过七成", ["本报北京10月19日电（记者郁静娴）记者从农业农村部获悉，全国秋粮已收获七成以上。",
                         "据介绍，各地抢抓晴好天气，组织农机跨区作业，玉米、水稻收获顺利推进。",
                         "农业农村部将继续指导各地做好烘干晾晒，确保颗粒归仓。"]),
        ("城市更新让老街区焕发新活力", ["走进江城老城区，青石板路两侧的老建筑修缮一新，吸引不少游客。",
                              "近年来，江城坚持“留改拆”并举，累计完成老旧小区改造三百余个"]),
        ("小区里的“共享菜园”", ["“住了几十年的老房子，如今楼下有了菜园。”居民李大爷说。"]),
    ])


def test_merged_articles_with_bracketed_titles_indents_and_rules_come_apart():
    articles = ingest_page(MERGED, INFO)
    assert [(a.title, a.authors, [p[:6] for p in paragraphs(a)]) for a in articles] == [
        ("秋粮收获进度过七成", ("郁静娴",), ["本报北京10", "据介绍，各地", "农业农村部将"]),
        ("城市更新让老街区焕发新活力", (), ["走进江城老城", "近年来，江城"]),  # its last line ends in no stop: the rule ends it
        ("小区里的“共享菜园”", (), ["“住了几十年"]),
    ]


def test_merged_articles_with_a_blank_after_every_line_keep_their_paragraphs():
    articles = ingest_page(with_a_blank_after_every_line(MERGED), INFO)
    assert [(a.title, len(paragraphs(a))) for a in articles] == [
        ("秋粮收获进度过七成", 3), ("城市更新让老街区焕发新活力", 2), ("小区里的“共享菜园”", 1)]


@pytest.mark.parametrize("reshape", [lambda text: text, with_a_blank_after_every_line])
def test_a_line_set_in_opens_a_paragraph_whatever_its_width(reshape):
    """A paragraph's last line is as full as the column and ends a sentence; the next line, set in
    by two full-width spaces, is as full too: only its indent says a paragraph starts."""
    text = ("社区食堂开进老街巷\n◎ 李明\n"
            "\u3000\u3000老街社区的第一家社区食堂开门迎客，附近的\n老人走几步就能吃上热饭，价格比外面便宜。\n"
            "\u3000\u3000食堂由社区牵头请来了周边的餐饮企业经营，\n每餐有三荤两素，还为行动不便的老人送餐。\n"
            "\u3000\u3000社区负责人介绍说，食堂开业一个月，每天接\n待老人一百多人次，社区还将再开设第二家。\n")
    [article] = ingest_page(reshape(text), INFO)
    assert [p[:4] for p in paragraphs(article)] == ["老街社区", "食堂由社", "社区负责"]


# Reported by a tester's attack on text seeds (made-up news); each was a wrong title shown as right
# or text moved out of its article unflagged.

def test_a_headline_right_over_its_text_starts_a_new_article():
    text = ("守护候鸟迁徙路\n\n每年深秋，数十万只候鸟飞抵盐城沿海滩\n涂越冬。在这片湿地上，有一支志愿服务\n"
            "队常年开展巡护、救助和科普工作。\n\n山区学校用上智慧课堂\n近日，贵州省剑河县十二所乡村学校的智\n"
            "慧教室投入使用，学生们与城区名校同步\n上课。\n")
    for page in (text, without_blank_lines(text)):
        assert [(a.title, paragraphs(a)[0][:4]) for a in ingest_page(page, INFO)] == [
            ("守护候鸟迁徙路", "每年深秋"), ("山区学校用上智慧课堂", "近日，贵")]


def test_items_parted_by_rules_with_no_blank_line_come_apart():
    text = ("【老旧小区加装电梯惠及千户】\n今年以来，沧州市运河区已建成电梯一百二十部。\n==========\n"
            "【山区学校用上智慧课堂】\n近日，贵州省剑河县十二所乡村学校的智慧教室投入使用。\n----------\n"
            "【春季植树造林全面展开】\n记者从国家林业和草原局获悉，今年春季全国计划造林四千万亩。\n")
    assert [a.title for a in ingest_page(text, INFO)] == ["老旧小区加装电梯惠及千户", "山区学校用上智慧课堂", "春季植树造林全面展开"]


@pytest.mark.parametrize("text", [
    "便民服务再升级\n本报讯（记者 林立）即日起，市民可拨打\n服务热线12345反映供暖、供水问题，也可\n"
    "扫描二维码在线提交诉求，工作人员将在\n二十四小时内回复。据统计，今年农历春\n节期间热线共受理诉求一万余件。\n",
    "年货市场人气旺\n本报讯（记者 林立）临近春节，市\n民纷纷走进\n农历新年前\n的最后一个\n集市，挑选\n年货。今年\n"
    "集市将开放\n至二月九日\n星期日\n晚上。\n",
    "年货市场人气旺\n本报讯（记者 林立）截至目前，全市已建成\n智慧停车泊位3万个，比\n2024\n年增长一倍。市民纷纷表示停车"
    "更方便了，\n出行时间明显缩短。\n",
])
def test_a_paragraphs_lines_holding_a_masthead_word_or_a_date_stay_in_it(text):
    record = split_printed_page(text, INFO).record
    [article] = ingest_page(text, INFO)
    assert record.furniture == () and "".join(paragraphs(article)).endswith(text.split("\n")[-2])


@pytest.mark.parametrize("title", ["升起全村第一面五星红旗", "农历新年将至年货市场红火", "冬季供暖服务热线开通"])
def test_a_headline_with_a_word_furniture_uses_is_a_headline(title):
    text = f"{title}\n本报讯（记者 林立）临近春节，全市各大商超年货销售进入旺\n季，糖果、坚果和春联销量明显上升。\n"
    [article] = ingest_page(text, INFO)
    assert (article.title, article.needs_review) == (title, False)


@pytest.mark.parametrize("byline", ["李 明", "◎ 李 明", "本报记者 李明"])
def test_a_byline_alone_between_blank_lines_gives_the_author_whatever_its_shape(byline):
    text = (f"让“微更新”托起大民生\n\n{byline}\n\n老街改造不必大拆大建，一块青石板、一盏路\n灯、一处口袋公园，"
            "都能让居民的日子更舒\n心。\n")
    [article] = ingest_page(text, INFO)
    assert (article.title, article.authors, article.needs_review) == ("让“微更新”托起大民生", ("李明",), False)


def test_a_caption_under_an_articles_last_sentence_is_a_photo_of_its_own():
    text = ("全市新增绿道一百公里\n本报讯（记者 孔洁）记者从市园林局获悉，今年全市新建绿道\n"
            "一百公里，串联起二十多个公园和滨水空间，市民出门就能见绿。\n图为市民在滨江绿道上骑行。 本报记者 马骏 摄\n")
    story, photo = ingest_page(text, INFO)
    assert (story.kind, story.title, story.authors) == ("article", "全市新增绿道一百公里", ("孔洁",))
    assert (photo.kind, photo.authors, paragraphs(photo)[0][:6]) == ("photo", ("马骏",), "图为市民在滨")


def test_a_wire_dispatchs_dateline_opens_an_article_under_its_headline():
    text = ("我国首座深远海养殖平台交付\n新华社青岛3月5日电（记者 周航）由我国自主设计建造的首座深远海智能\n"
            "养殖平台5日在青岛交付，可年产优质海鱼一千五百吨。\n春季植树造林全面展开\n"
            "新华社北京3月5日电 记者从国家林业和草原局获悉，今年春季全国计划完成\n造林四千万亩，各地已陆续开工。\n")
    assert [(a.title, a.authors) for a in ingest_page(text, INFO)] == [
        ("我国首座深远海养殖平台交付", ("周航",)), ("春季植树造林全面展开", ())]


def test_a_tables_rows_are_no_headline():
    text = ("各区县一季度经济指标\n区县 生产总值（亿元） 增速\n城东区 312.5 6.1%\n南湖区 198.6 7.2%\n"
            "本报讯（记者 何平）今年一季度，全市各区县经济运行总体平稳，南湖区增速\n位居第一，城东区总量继续领先。\n")
    titles = [(a.title, a.needs_review) for a in ingest_page(text, INFO)]
    assert titles[0] == ("各区县一季度经济指标", False) and all(t is None or "312.5" not in t for t, _ in titles)
