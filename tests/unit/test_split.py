"""split: typed blocks → articles (headers, subheads, photos, orphan headers, text with no header).

Pages are run through clean → layout → split (`ingest_page`), as ingest does.
"""

from __future__ import annotations

from generator.models import Article, PageInfo
from generator.ingest.conservation import han_conservation
from generator.ingest.printed_page import ingest_page

INFO = PageInfo(id="p5", seed="p5.txt")


def ingest(text: str) -> list[Article]:
    return ingest_page(text, INFO)


def paragraphs(article: Article) -> list[str]:
    return [b.text for b in article.blocks if b.kind == "paragraph"]


def subheads(article: Article) -> list[str]:
    return [b.text for b in article.blocks if b.kind == "subhead"]


def titles(articles: list[Article]) -> list[str | None]:
    return [a.title for a in articles]


JINCHUAN_HEAD = "甘肃省金昌市金川区：\n\n“四位一体”聚合力城乡融合促文明\n◎ 祁加鲲\n\n"
JINCHUAN_BODY = (
    "今年以来，甘肃省金昌市金川区以党的\n二十大精神为指引，以创建全国文明城市为\n龙头，以文明培育、文明实践、文明创建为着\n"
    "力点，聚焦“四位一体”，探索实施“跨界联动”\n工作机制，深入开展群众性精神文明创建活\n动。\n\n"
    "金川区通过强化组织领导，建立区文明\n办统筹协调、文明单位及相关职能部门各负\n其责、社会力量广泛参与的工作推进机制。\n\n"
)
ZHAOHUA_HEAD = "四川广元市昭化区：\n书写“文明答卷”\n厚植“幸福底色”\n\n◎ 杨沫\n\n"
ZHAOHUA_BODY = (
    "近年来，四川省广元市昭化区不断加强精神\n文明建设，弘扬中华传统美德，着眼育德于心、成\n德于行、弘德于治，以滴水穿石的精神、久久为功\n"
    "的韧劲，书写“文明答卷”，厚植“幸福底色”。\n\n"
    "突出价值引领，推动“育德于心”。成功选\n树“四川好人”3名，广元市“寻找身边的凡人\n善举”见义勇为集体1个，全市新时代好少年1\n名；市级道德模范1名。\n\n"
)
SHAANMEI_HEAD = "陕煤黄陵矿业一号煤矿：\n\n全力推进\n矿井安全生产标准化\n\n"
SHAANMEI_BODY = (
    "本报讯（倪小红 梅开雷）标准化建设是安\n全管理的基石。去年以来，陕西陕煤集团黄陵\n矿业有限公司一号煤矿坚持把安全生产标准\n"
    "化作为强基固本的基础性工作来抓，夯实矿井高质量发展根基。\n\n"
)
CAPTION = (
    "近年来，浙江省杭州市桐庐县发挥党建引领作用，找准“企业有订单需求、农民有增收呼声”结合点，在\n"
    "村民“家门口”打造“共富工坊”，带动村民家门口就业。图为1月9日，桐庐县百江镇郭村党员志\n"
    "愿者在共富工坊帮助村民酿制高粱酒，为迎接春节市场订单作准备。 徐军勇江凌浩 摄\n\n"
)


# --- headers -----------------------------------------------------------------------------------


def test_kicker_headline_and_byline_make_one_article():
    [article] = ingest(JINCHUAN_HEAD + JINCHUAN_BODY)
    assert (article.kicker, article.title, article.authors) == ("甘肃省金昌市金川区", "“四位一体”聚合力城乡融合促文明", ("祁加鲲",))
    assert len(paragraphs(article)) == 2
    assert article.needs_review is False and article.warnings == ()


def test_headline_of_two_lines_is_joined_with_a_space():
    [article] = ingest(ZHAOHUA_HEAD + ZHAOHUA_BODY)
    assert article.title == "书写“文明答卷” 厚植“幸福底色”"


def test_blank_line_inside_a_headline_does_not_split_it():
    [article] = ingest("四川巴中市巴州区：\n持之以恒\n\n让文明之花绚烂芬芳\n◎ 刘欢欢\n\n" + ZHAOHUA_BODY)
    assert (article.kicker, article.title, article.authors) == ("四川巴中市巴州区", "持之以恒 让文明之花绚烂芬芳", ("刘欢欢",))


def test_subtitle_under_a_headline_is_the_articles_subtitle():
    [article] = ingest("牢记嘱托 踔厉笃行\n——天津市和平区朝阳里社区志愿服务事业五年工作实录\n\n◎ 和文\n\n" + ZHAOHUA_BODY)
    assert article.title == "牢记嘱托 踔厉笃行"
    assert article.subtitle == "天津市和平区朝阳里社区志愿服务事业五年工作实录"
    assert article.kicker is None and article.authors == ("和文",)


def test_lead_opening_the_body_gives_the_authors():
    [article] = ingest(SHAANMEI_HEAD + SHAANMEI_BODY)
    assert article.authors == ("倪小红", "梅开雷")
    assert article.title == "全力推进 矿井安全生产标准化"
    assert "标准化建设是安全管理的基石。" in paragraphs(article)[0]


def test_kicker_glued_to_the_previous_line_starts_a_new_article():
    page = JINCHUAN_HEAD + JINCHUAN_BODY.rstrip("\n").removesuffix("推进机制。") + "推进机\n制。 陕煤黄陵矿业一号煤矿：\n\n全力推进\n矿井安全生产标准化\n\n" + SHAANMEI_BODY
    first, second = ingest(page)
    assert paragraphs(first)[-1].endswith("工作推进机制。")
    assert (second.kicker, second.title) == ("陕煤黄陵矿业一号煤矿", "全力推进 矿井安全生产标准化")


def test_articles_get_ids_in_the_order_their_headers_appear():
    articles = ingest(JINCHUAN_HEAD + JINCHUAN_BODY + ZHAOHUA_HEAD + ZHAOHUA_BODY + SHAANMEI_HEAD + SHAANMEI_BODY)
    assert [a.id for a in articles] == ["p5-01", "p5-02", "p5-03"]
    assert [a.source.order for a in articles] == [1, 2, 3]
    assert titles(articles) == ["“四位一体”聚合力城乡融合促文明", "书写“文明答卷” 厚植“幸福底色”", "全力推进 矿井安全生产标准化"]
    assert [(a.source.line_start, a.source.seed, a.source.page_id) for a in articles][0] == (1, "p5.txt", "p5")


# --- subheads or new articles --------------------------------------------------------------------


def test_subhead_whose_text_continues_the_article_stays_in_it():
    page = (JINCHUAN_HEAD + JINCHUAN_BODY + "三项保障确保工作实效\n\n"
            + "金川区各联建单位加强协同配合，打破条块\n分割，推动金川区城乡精神文明建设联动共建\n活动扎实推进，实现全域文明创建。\n")
    [article] = ingest(page)
    assert subheads(article) == ["三项保障确保工作实效"]
    assert len(paragraphs(article)) == 3


def test_headline_only_header_between_two_articles_starts_a_new_article():
    page = JINCHUAN_HEAD + JINCHUAN_BODY + "推动社区“适老化”建设\n\n" + (
        "为进一步完善社区养老体系，提升老年人的\n生活质量和幸福指数，打造老年人健康舒适\n圈。站前社区在初心基金的支持下打造“颐\n养坊”，为老年人提供按摩理疗服务。\n"
    )
    first, second = ingest(page)
    assert first.title == "“四位一体”聚合力城乡融合促文明" and subheads(first) == []
    assert second.title == "推动社区“适老化”建设"
    assert second.kicker is None and second.authors == ()
    assert paragraphs(second)[0].startswith("为进一步完善社区养老体系")


# --- photos ------------------------------------------------------------------------------------


def test_photo_caption_becomes_a_photo_item_with_its_photographers():
    articles = ingest(JINCHUAN_HEAD + JINCHUAN_BODY + CAPTION)
    photo = articles[-1]
    assert photo.kind == "photo"
    assert photo.authors == ("徐军勇", "江凌浩")
    assert photo.title is None
    [text] = paragraphs(photo)
    assert text.startswith("近年来，浙江省杭州市桐庐县") and text.endswith("为迎接春节市场订单作准备。")


def test_caption_in_the_middle_of_a_paragraph_does_not_break_the_paragraph():
    page = (JINCHUAN_HEAD + "今年以来，甘肃省金昌市金川区以党的\n二十大精神为指引，以创建全国文明城市为\n\n"
            + CAPTION + "龙头，以文明培育、文明实践、文明创建为着\n力点，深入开展群众性精神文明创建活动。\n")
    article, photo = ingest(page)
    assert paragraphs(article) == ["今年以来，甘肃省金昌市金川区以党的二十大精神为指引，以创建全国文明城市为龙头，以文明培育、文明实践、文明创建为着力点，深入开展群众性精神文明创建活动。"]
    assert photo.kind == "photo"


# --- broken reading order ------------------------------------------------------------------------


def test_header_with_no_body_finds_its_body_after_a_caption_by_its_kicker_place():
    page = JINCHUAN_HEAD + ZHAOHUA_HEAD + ZHAOHUA_BODY + CAPTION + JINCHUAN_BODY
    articles = ingest(page)
    by_title = {a.title: a for a in articles}
    jinchuan = by_title["“四位一体”聚合力城乡融合促文明"]
    zhaohua = by_title["书写“文明答卷” 厚植“幸福底色”"]
    assert paragraphs(jinchuan)[0].startswith("今年以来，甘肃省金昌市金川区")
    assert len(paragraphs(jinchuan)) == 2
    assert paragraphs(zhaohua)[0].startswith("近年来，四川省广元市昭化区")
    assert len(paragraphs(zhaohua)) == 2
    assert [a.kind for a in articles].count("photo") == 1
    assert not any(a.needs_review for a in articles)


def test_header_with_no_body_finds_its_body_inside_another_article_by_headline_words():
    # The headline-only header sits above the other article; its body follows that article's text.
    orphan = "推动社区“适老化”建设\n\n"
    body = ("社区“适老化”建设让老年人安心。站前社区在\n初心基金的支持下打造“颐养坊”，推动社区\n“适老化”建设，为老年人提供按摩理疗服务。\n\n"
            "自“颐养坊”开放以来，社区“适老化”建设\n每天接待居民20余名，受到了社区老年人\n的喜爱。\n")
    page = orphan + ZHAOHUA_HEAD + ZHAOHUA_BODY + body
    articles = ingest(page)
    by_title = {a.title: a for a in articles}
    shelter = by_title["推动社区“适老化”建设"]
    zhaohua = by_title["书写“文明答卷” 厚植“幸福底色”"]
    assert paragraphs(shelter)[0].startswith("社区“适老化”建设让老年人安心")
    assert len(paragraphs(zhaohua)) == 2


# --- text that cannot be placed ------------------------------------------------------------------


def test_page_with_no_header_becomes_an_untitled_article_needing_review():
    [article] = ingest("\n" + ZHAOHUA_BODY)
    assert article.title is None and article.kicker is None
    assert article.needs_review is True
    assert len(article.warnings) == 1
    assert (article.warnings[0].line, article.warnings[0].message) == (2, "no article header found before this text")


def test_text_before_the_first_header_is_kept_as_an_untitled_article():
    articles = ingest(ZHAOHUA_BODY + JINCHUAN_HEAD + JINCHUAN_BODY)
    assert titles(articles) == [None, "“四位一体”聚合力城乡融合促文明"]
    assert articles[0].needs_review and not articles[1].needs_review
    assert articles[0].warnings[0].line == 1
    assert han_conservation(ZHAOHUA_BODY + JINCHUAN_HEAD + JINCHUAN_BODY, articles) == 0


def test_header_whose_body_cannot_be_found_needs_review():
    articles = ingest(JINCHUAN_BODY + ZHAOHUA_HEAD)
    header = articles[-1]
    assert header.title == "书写“文明答卷” 厚植“幸福底色”"
    assert header.needs_review is True
    assert "a header with no body" in header.warnings[0].message


def test_byline_of_a_body_given_to_a_header_without_one_goes_with_the_body():
    # Two kickers in a row: the first header gets no body from reading order and is given the
    # headerless body that follows, which opens with the byline.
    page = "四川广元市昭化区：\n甘肃省金昌市金川区：\n书写“文明答卷”\n厚植“幸福底色”\n\n◎ 杨沫\n\n" + ZHAOHUA_BODY
    articles = ingest(page)
    [with_body] = [a for a in articles if paragraphs(a) and paragraphs(a)[0].startswith("近年来")]
    assert with_body.authors == ("杨沫",)
    assert han_conservation(page, articles) == 0


def test_empty_page_gives_no_articles():
    assert ingest("\ufeff\r\n \r\n\u200b\r\n") == []


def test_doubled_kicker_line_keeps_the_headline_and_flags_the_bare_kicker():
    articles = ingest("金川区：\n金川区：\n\n持之以恒让文明之花\n\n◎ 和文\n\n正文第一段，说明情况。\n")
    assert [(a.kicker, a.title, a.needs_review) for a in articles] == [
        ("金川区", None, True), ("金川区", "持之以恒让文明之花", False)]
    assert paragraphs(articles[1]) == ["正文第一段，说明情况。"]


# --- page furniture and real front pages --------------------------------------------------------


def test_furniture_never_becomes_an_articles_title_byline_or_text():
    page = ("江城晚报\n中共江城市委主管主办 江城日报社出版 总第15231期\n2023\n12·28\n\n" + JINCHUAN_HEAD
            + JINCHUAN_BODY + ">>>02\n\n总值班:李卫东 责编:韩冰 美编:吴桐 校对:李静\n")
    [article] = ingest(page)
    text = " ".join([article.title or "", article.kicker or "", *article.authors, *paragraphs(article)])
    for furniture in ("江城晚报", "总第15231期", "2023", "12·28", ">>>02", "责编"):
        assert furniture not in text
    assert article.title == "“四位一体”聚合力城乡融合促文明"


def test_second_of_two_headlines_printed_together_heads_the_body_that_bears_its_words():
    page = ("地铁2号线二期工程全线贯通\n\n今冬首场降雪明日到访\n\n"
            "本报讯（记者 刘洋）12月27日上午，江城地铁2号线二期工程实现全线贯通，预计明年底开通运营。\n\n"
            "本报讯（记者 马丽）记者从市气象台获悉，12月29日我市将迎来今冬首场降雪，气温明显下降。\n")
    articles = ingest(page)
    assert [(a.title, a.authors) for a in articles] == [
        ("地铁2号线二期工程全线贯通", ("刘洋",)), ("今冬首场降雪明日到访", ("马丽",))]


def test_header_given_a_body_by_reading_order_gives_it_up_to_the_header_whose_words_it_bears():
    page = ("寒潮来袭\n全市启动防寒应急预案\n\n“福”字送市民\n全媒体记者 王晓 摄\n\n市民热线一周办结诉求3200件\n\n"
            "本报讯（记者 高峰）受强冷空气影响，我市将出现大风降温天气，市防汛抗旱指挥部已启动防寒应急预案。\n\n"
            "雪后初霁\n钱明/摄\n\n本报讯（记者 林涛）上周，市民热线共受理群众诉求3650件，办结3200件。\n")
    articles = [a for a in ingest(page) if a.kind == "article"]
    assert [(a.title, a.authors) for a in articles] == [
        ("寒潮来袭 全市启动防寒应急预案", ("高峰",)), ("市民热线一周办结诉求3200件", ("林涛",))]


def test_captions_with_credits_make_photo_items_with_their_names():
    page = JINCHUAN_HEAD + JINCHUAN_BODY + "“福”字送市民\n兰州日报社全媒体记者 谭安丽 摄\n灯笼挂满老街\n（通讯员 赵六 供图）\n"
    photos = [a for a in ingest(page) if a.kind == "photo"]
    assert [(paragraphs(p), p.authors) for p in photos] == [
        (["“福”字送市民 兰州日报社全媒体记者 谭安丽 摄"], ("谭安丽",)), (["灯笼挂满老街 （通讯员 赵六 供图）"], ("赵六",))]
    assert han_conservation(page, ingest(page)) == 0


def test_kicker_and_first_headline_over_another_headline_find_their_own_body():
    page = ("湖南凤凰县：\n\n苗绣针线连起增收路\n\n边境小城的夜经济\n\n"
            "夜幕降临，吉林省延边朝鲜族自治州延吉市的网红街区灯火通明，游客在街头巷尾穿行。\n\n"
            "本报讯（龙晓红）在湖南省凤凰县廖家桥镇的苗绣工坊里，20多名绣娘飞针走线，一幅幅苗绣作品渐渐成形。\n")
    articles = ingest(page)
    assert [(a.kicker, a.title, paragraphs(a)[0][:4]) for a in articles] == [
        ("湖南凤凰县", "苗绣针线连起增收路", "本报讯（"), (None, "边境小城的夜经济", "夜幕降临")]


def test_header_whose_words_are_nowhere_takes_the_unrelated_tail_of_another_article():
    page = ("边境小城的夜经济\n\n甘肃天水市麦积区：\n\n花牛苹果“触网”销全国\n\n◎ 马文斌\n\n"
            "在甘肃省天水市麦积区的一家电商直播间里，主播正对着镜头介绍刚刚采摘的花牛苹果。\n\n"
            "麦积区依托电商产业园，培育本土主播120余名，今年通过网络销售苹果2.6万吨。\n\n"
            "夜幕降临，吉林省延吉市的网红街区灯火通明，冷面、打糕、烤串香气四溢。\n\n"
            "为激活夜间消费，延吉市延长了公交运营时间，新增停车泊位1800个。\n")
    articles = ingest(page)
    assert [(a.title, [p[:4] for p in paragraphs(a)]) for a in articles] == [
        ("边境小城的夜经济", ["夜幕降临", "为激活夜"]), ("花牛苹果“触网”销全国", ["在甘肃省", "麦积区依"])]
