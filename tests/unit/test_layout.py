"""layout: cleaned lines → typed blocks, with wrapped lines re-flowed into paragraphs."""

from __future__ import annotations

import pytest

from generator.ingest.clean import clean_page
from generator.ingest.layout import credit_names, join_wrapped, layout_page, parse_credit, split_run_together
from generator.models import Block

HEADER = "甘肃省金昌市金川区：\n\n“四位一体”聚合力城乡融合促文明\n◎ 祁加鲲\n\n"


def layout(text: str) -> tuple[Block, ...]:
    return layout_page(clean_page(text))


def kinds(blocks) -> list[str]:
    return [b.kind for b in blocks]


def paragraphs(blocks) -> list[str]:
    return [b.text for b in blocks if b.kind == "paragraph"]


def of_kind(blocks, kind: str) -> list[str]:
    return [b.text for b in blocks if b.kind == kind]


# --- re-flowing wrapped lines ---------------------------------------------------------------


def test_hard_line_breaks_in_chinese_are_joined_without_a_space():
    blocks = layout(HEADER + "天津市和平区朝阳里社区是全国首个社\n区志愿者组织的发祥地。早在1989年，13位热\n心老人成立义务包户志愿服务小组。\n")
    assert paragraphs(blocks) == ["天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。早在1989年，13位热心老人成立义务包户志愿服务小组。"]


def test_real_space_inside_a_line_is_kept_when_re_flowing():
    blocks = layout(HEADER + "突出实践可为，推动“成德于行”。精心组\n织“我的小区我来夸”“文明城市 创建有我”\n等主题活动，承办全市文明村镇创建现场。\n")
    assert paragraphs(blocks) == ["突出实践可为，推动“成德于行”。精心组织“我的小区我来夸”“文明城市 创建有我”等主题活动，承办全市文明村镇创建现场。"]


def test_real_space_inside_a_headline_is_kept():
    blocks = layout("牢记嘱托 踔厉笃行\n——天津市和平区朝阳里社区志愿服务事业五年工作实录\n\n◎ 和文\n\n天津市和平区朝阳里社区是全国首个社\n区志愿者组织的发祥地。\n")
    assert of_kind(blocks, "title") == ["牢记嘱托 踔厉笃行"]


def test_space_between_two_latin_words_is_kept_when_wrapped():
    blocks = layout(HEADER + "社区居民通过线上平台 Volunteer\nService 点单，志愿者按时接单服务。\n")
    assert paragraphs(blocks) == ["社区居民通过线上平台 Volunteer Service 点单，志愿者按时接单服务。"]


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["Volunteer", "Service"], "Volunteer Service"),
        (["“志愿和平”APP", "通过“点单”"], "“志愿和平”APP通过“点单”"),
        (["从2019年的3127", "位志愿者"], "从2019年的3127位志愿者"),
        (["管理体系“PDCA”循环逻", "辑"], "管理体系“PDCA”循环逻辑"),
        (["  前行者、引 ", " 领者。"], "前行者、引领者。"),
    ],
)
def test_join_wrapped_adds_a_space_only_between_two_latin_letters(parts, joined):
    assert join_wrapped(parts) == joined


def test_date_with_spaces_is_closed_in_a_paragraph():
    blocks = layout(HEADER + "2019年 1月 17日，习近平总书记视察和\n平区新兴街朝阳里社区，为社区志愿者们点赞。\n")
    assert paragraphs(blocks)[0].startswith("2019年1月17日，习近平总书记视察和平区")


# --- blank lines: paragraph breaks or not -------------------------------------------------------


def test_blank_line_after_unfinished_sentence_is_not_a_paragraph_break():
    blocks = layout(HEADER + "朝阳里社区在长期志愿服务发展中不断\n探索，打造“一圈一体一群”，构建新时代文明\n\n实践综合体，聚焦群众诉求，精准精细服务群\n众，满足群众安全感。\n")
    assert paragraphs(blocks) == ["朝阳里社区在长期志愿服务发展中不断探索，打造“一圈一体一群”，构建新时代文明实践综合体，聚焦群众诉求，精准精细服务群众，满足群众安全感。"]


def test_blank_line_before_an_opening_quote_mid_paragraph_is_not_a_paragraph_break():
    blocks = layout(HEADER + "每天按计划开展志愿服务活动，每月设立\n\n“志愿服务在朝阳”奉献日、每年设立“3·18志\n愿服务活动周”，推动志愿服务常态化开展。\n")
    assert paragraphs(blocks) == ["每天按计划开展志愿服务活动，每月设立“志愿服务在朝阳”奉献日、每年设立“3·18志愿服务活动周”，推动志愿服务常态化开展。"]


def test_blank_line_after_a_sentence_end_is_a_paragraph_break():
    blocks = layout(HEADER + "天津市和平区朝阳里社区是全国首个社\n区志愿者组织的发祥地。\n\n五年来，朝阳里社区始终牢记习近平总\n书记嘱托，取得新成效。\n")
    assert paragraphs(blocks) == ["天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。", "五年来，朝阳里社区始终牢记习近平总书记嘱托，取得新成效。"]


def test_blank_line_after_a_sentence_end_inside_closing_quote_is_a_paragraph_break():
    blocks = layout(HEADER + "2009年，朝阳里社区被民政部认定为“全国第\n一个社区志愿者组织发祥地。”\n\n五年来，朝阳里社区始终牢记习近平总\n书记嘱托，取得新成效。\n")
    assert len(paragraphs(blocks)) == 2


def test_blank_line_at_a_column_break_before_a_paragraph_end_is_not_a_paragraph_break():
    blocks = layout(HEADER + "推动城乡精神文明建设联动共建活动\n\n扎实推进。充分发挥农村综合文化服务中心的作用。\n")
    assert paragraphs(blocks) == ["推动城乡精神文明建设联动共建活动扎实推进。充分发挥农村综合文化服务中心的作用。"]


def test_blank_line_before_a_line_opening_with_a_dash_mid_paragraph_is_not_a_paragraph_break():
    blocks = layout(HEADER + "构建“发现问题—交办处理—整改落实\n\n—结果反馈”完整闭环的督查链条，全程跟\n踪问效，对发现的突出问题及时通报。\n")
    assert kinds(blocks) == ["kicker", "title", "byline", "paragraph"]
    assert paragraphs(blocks) == ["构建“发现问题—交办处理—整改落实—结果反馈”完整闭环的督查链条，全程跟踪问效，对发现的突出问题及时通报。"]


# --- headers -----------------------------------------------------------------------------------


def test_short_line_ending_with_a_colon_is_a_kicker_without_the_colon():
    blocks = layout(HEADER + "今年以来，甘肃省金昌市金川区以党的\n二十大精神为指引。\n")
    assert kinds(blocks)[:3] == ["kicker", "title", "byline"]
    assert of_kind(blocks, "kicker") == ["甘肃省金昌市金川区"]


def test_headline_of_two_lines_gives_two_title_blocks():
    blocks = layout("四川广元市昭化区：\n书写“文明答卷”\n厚植“幸福底色”\n\n◎ 杨沫\n\n近年来，四川省广元市昭化区不断加强精神\n文明建设，弘扬中华传统美德。\n")
    assert of_kind(blocks, "title") == ["书写“文明答卷”", "厚植“幸福底色”"]
    assert kinds(blocks) == ["kicker", "title", "title", "byline", "paragraph"]


def test_headline_with_a_blank_line_inside_it_stays_one_header():
    blocks = layout("四川巴中市巴州区：\n持之以恒\n\n让文明之花绚烂芬芳\n◎ 刘欢欢\n\n“捡拾绿化带垃圾，宣传创建相关知识，发\n放宣传资料，规范人行道车辆停放……”1月5\n日，巴州区开展“新时代文明实践日”活动。\n")
    assert kinds(blocks) == ["kicker", "title", "title", "byline", "paragraph"]
    assert of_kind(blocks, "title") == ["持之以恒", "让文明之花绚烂芬芳"]


def test_dash_line_under_a_headline_is_a_subtitle_without_the_dash():
    blocks = layout("牢记嘱托 踔厉笃行\n——天津市和平区朝阳里社区志愿服务事业五年工作实录\n\n◎ 和文\n\n天津市和平区朝阳里社区是全国首个社\n区志愿者组织的发祥地。\n")
    assert kinds(blocks) == ["title", "subtitle", "byline", "paragraph"]
    assert of_kind(blocks, "subtitle") == ["天津市和平区朝阳里社区志愿服务事业五年工作实录"]


@pytest.mark.parametrize(("line", "names"), [("◎ 和文", "和文"), ("◎刘欢欢", "刘欢欢"), ("◎ 倪小红 梅开雷", "倪小红 梅开雷")])
def test_circle_line_is_a_byline_holding_the_names(line, names):
    blocks = layout(f"甘肃省金昌市金川区：\n\n“四位一体”聚合力城乡融合促文明\n{line}\n\n今年以来，金川区以党的二十大精神为指\n引，确保工作实效。\n")
    assert of_kind(blocks, "byline") == [names]


LEAD_PAGE = "吉林抚松县松江河镇：\n推动社区“适老化”建设\n\n本报讯（王宇 梅开雷）为进一步完善社区养老体\n系，打造老年人健康舒适圈。\n"


def test_lead_opening_the_body_gives_its_names():
    blocks = layout(LEAD_PAGE)
    assert kinds(blocks) == ["kicker", "title", "lead", "paragraph"]
    assert of_kind(blocks, "lead") == ["王宇 梅开雷"]


def test_lead_opening_the_body_stays_in_the_text():
    # The lead's words are the paper's; its names also become the authors.
    assert paragraphs(layout(LEAD_PAGE)) == ["本报讯（王宇 梅开雷）为进一步完善社区养老体系，打造老年人健康舒适圈。"]


def test_lead_wrapped_inside_its_parentheses_still_gives_its_names():
    blocks = layout("陕煤黄陵矿业一号煤矿：\n全力推进\n矿井安全生产标准化\n\n本报讯（倪小红 梅开\n雷）标准化建设是安全管理\n的基石。去年以来，一号煤\n矿坚持把安全生产标准化作\n为基础性工作来抓。\n")
    assert of_kind(blocks, "lead") == ["倪小红 梅开雷"]


# --- subheads ----------------------------------------------------------------------------------

BODY_A = "朝阳里社区将党的立场主张贯穿文明实\n践志愿服务全过程，形成志愿服务格局。\n\n"
BODY_B = "社区坚持用党的领导这“一条红线”织密\n“红色网格”，推动居民自我管理。\n"


def test_short_line_alone_between_paragraphs_is_a_subhead():
    blocks = layout(HEADER + BODY_A + "三项保障确保工作实效\n\n" + BODY_B)
    assert kinds(blocks) == ["kicker", "title", "byline", "paragraph", "subhead", "paragraph"]
    assert of_kind(blocks, "subhead") == ["三项保障确保工作实效"]


def test_two_short_lines_between_paragraphs_form_one_subhead():
    blocks = layout(HEADER + BODY_A + "坚持党建引领\n打通服务群众的“最后一公里”\n\n" + BODY_B)
    assert of_kind(blocks, "subhead") == ["坚持党建引领 打通服务群众的“最后一公里”"]
    assert len(paragraphs(blocks)) == 2


def test_short_paragraph_ending_a_sentence_is_not_a_subhead():
    blocks = layout(HEADER + BODY_A + "以社区居民为主体。\n\n" + BODY_B)
    assert of_kind(blocks, "subhead") == []
    assert paragraphs(blocks)[1] == "以社区居民为主体。"


def test_first_line_cut_off_by_a_column_break_is_running_text_not_a_subhead():
    blocks = layout(HEADER + BODY_A + "朝阳里社区在长期志愿服务发展中不断\n\n探索，打造“一圈一体一群”，构建新\n时代文明实践综合体。\n")
    assert of_kind(blocks, "subhead") == []
    assert paragraphs(blocks)[1] == "朝阳里社区在长期志愿服务发展中不断探索，打造“一圈一体一群”，构建新时代文明实践综合体。"


# --- photo captions ----------------------------------------------------------------------------

CAPTION = (
    "近年来，浙江省杭州市桐庐县发挥党建引领作用，找准“企业有订单需求、农民有增收呼声”结合点，在\n"
    "村民“家门口”打造“共富工坊”，带动村民家门口就业。图为1月9日，桐庐县百江镇郭村党员志\n"
    "愿者在共富工坊帮助村民酿制高粱酒，为迎接春节市场订单作准备。 徐军勇江凌浩 摄\n"
)


def test_photo_caption_with_a_credit_becomes_a_caption_and_a_byline():
    blocks = layout(HEADER + BODY_A + CAPTION)
    assert kinds(blocks)[-2:] == ["caption", "byline"]
    caption = of_kind(blocks, "caption")[0]
    assert caption.startswith("近年来，浙江省杭州市桐庐县") and caption.endswith("为迎接春节市场订单作准备。")
    assert blocks[-1].text == "徐军勇 江凌浩"


@pytest.mark.parametrize(
    ("credit", "names"),
    [
        ("徐军勇江凌浩", ("徐军勇", "江凌浩")),  # 6 = 3 + 3
        ("张伟李娜", ("张伟", "李娜")),  # 4 = 2 + 2
        ("王小明李娜", ("王小明", "李娜")),  # 5: the fourth is a surname → 3 + 2
        ("张伟王小明", ("张伟", "王小明")),  # 5: the third is a surname, the fourth is not → 2 + 3
        ("徐军勇", ("徐军勇",)),
    ],
)
def test_credit_run_of_four_to_six_characters_is_two_names(credit, names):
    assert split_run_together(credit) == names


def test_credit_with_role_word_and_spaced_names_gives_each_name():
    assert credit_names("本报记者 张三 李四") == ("张三", "李四")


def test_caption_in_the_middle_of_a_paragraph_does_not_break_the_paragraph():
    blocks = layout(HEADER + "每天按计划开展志愿服务活动，每月设立\n\n" + CAPTION
                    + "\n“志愿服务在朝阳”奉献日、每年设立“3·18志\n愿服务活动周”，推动志愿服务常态化开展。\n")
    assert paragraphs(blocks) == ["每天按计划开展志愿服务活动，每月设立“志愿服务在朝阳”奉献日、每年设立“3·18志愿服务活动周”，推动志愿服务常态化开展。"]
    assert len(of_kind(blocks, "caption")) == 1


def test_column_break_after_a_word_ending_in_she_is_not_a_photo_credit():
    blocks = layout(HEADER + "天津市和平区朝阳里社区是全国首个社区\n志愿者组织的发祥地。志愿者们现场拍摄\n\n"
                    "了照片，留作纪念。早在1989年，13位热心\n老人成立义务包户志愿服务小组。\n")
    assert of_kind(blocks, "caption") == []
    assert paragraphs(blocks) == ["天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。志愿者们现场拍摄了照片，"
                                  "留作纪念。早在1989年，13位热心老人成立义务包户志愿服务小组。"]


# --- glued kicker ------------------------------------------------------------------------------


GLUED = (
    "同时，开展群众文化辅导47场次，开展“支部\n共建暨文化惠民进基层”联谊活动，立足基本\n"
    "公共文化服务均等化要求，实现一月一村放映\n一场公益电影，进一步丰富和活跃基层群众文\n"
    "化生活。 陕煤黄陵矿业一号煤矿：\n\n全力推进\n矿井安全生产标准化\n\n"
    "本报讯（倪小红 梅开雷）标准化建设是安\n全管理的基石。去年以来，陕西陕煤集团黄陵\n矿业有限公司一号煤矿坚持把安全生产标准\n化作为强基固本的基础性工作来抓。\n"
)


def test_kicker_glued_to_the_previous_line_is_split_from_it():
    blocks = layout(HEADER + GLUED)
    assert paragraphs(blocks)[0].endswith("进一步丰富和活跃基层群众文化生活。")
    assert of_kind(blocks, "kicker") == ["甘肃省金昌市金川区", "陕煤黄陵矿业一号煤矿"]
    assert of_kind(blocks, "title")[-2:] == ["全力推进", "矿井安全生产标准化"]


def test_long_kicker_after_a_paragraph_is_a_kicker_not_a_cut_off_first_line():
    page = HEADER + GLUED.replace("陕煤黄陵矿业一号煤矿：", "四川省巴中市巴州区水宁寺镇新庙村：")
    blocks = layout(page)
    assert of_kind(blocks, "kicker") == ["甘肃省金昌市金川区", "四川省巴中市巴州区水宁寺镇新庙村"]
    assert of_kind(blocks, "title")[-2:] == ["全力推进", "矿井安全生产标准化"]


# --- messy input -------------------------------------------------------------------------------


def test_leading_spaces_trailing_blank_lines_crlf_bom_and_zero_width_characters_change_nothing():
    clean = HEADER + "天津市和平区朝阳里社区是全国首个社\n区志愿者组织的发祥地。\n"
    messy = "\ufeff " + clean.replace("\n", "\r\n").replace("朝阳", "朝\u200b阳").replace("◎", "\u3000◎") + "\r\n\r\n\r\n"
    assert [(b.kind, b.text) for b in layout(messy)] == [(b.kind, b.text) for b in layout(clean)]


def test_block_line_numbers_are_those_of_the_seed():
    blocks = layout(HEADER + "天津市和平区朝阳里社区是全国首个社\n区志愿者组织的发祥地。\n")
    assert [b.lines for b in blocks] == [(1, 1), (3, 3), (4, 4), (6, 7)]


@pytest.mark.parametrize("heading", ["一、坚持党建引领", "（二）激发基层社会治理活力", "3. 鼓励自下而上"])
def test_numbered_line_alone_between_paragraphs_is_a_subhead(heading):
    blocks = layout(HEADER + BODY_A + heading + "\n\n" + BODY_B)
    assert of_kind(blocks, "subhead") == [heading]


# --- page furniture ------------------------------------------------------------------------------

MASTHEAD = ("江城晚报\nJIANGCHENG EVENING NEWS\n中共江城市委主管主办 江城日报社出版 总第15231期\n\n2023\n12·28\n星期四\n"
            "农历癸卯年十一月十六\n\n")


def test_masthead_lines_with_the_paper_name_and_a_split_date_are_furniture_in_order():
    blocks = layout(MASTHEAD + HEADER + "天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。\n")
    assert of_kind(blocks, "furniture") == ["江城晚报", "JIANGCHENG EVENING NEWS",
                                            "中共江城市委主管主办 江城日报社出版 总第15231期", "2023", "12·28", "星期四",
                                            "农历癸卯年十一月十六"]
    assert kinds(blocks)[7:] == ["kicker", "title", "byline", "paragraph"]
    assert not any("2023" in b.text for b in blocks if b.kind != "furniture")  # never glued to 12·28


def test_the_app_a_scan_line_asks_for_on_the_next_line_is_furniture():
    blocks = layout("扫码下载\n江城新闻\n中共江城市委主管主办 江城日报社出版 总第15231期\n\n" + HEADER + "正文第一段写完了。\n")
    assert of_kind(blocks, "furniture") == ["扫码下载", "江城新闻", "中共江城市委主管主办 江城日报社出版 总第15231期"]


def test_a_justified_line_is_running_text_however_short():
    """`这 个 时` was stretched to its narrow column: a paragraph's line, not a stacked headline's."""
    blocks = layout("元宵\n“灯谜会\n”开张了\n\n这 个 时\n节的街巷\n挂满灯笼,\n猜 谜 的 人\n越来越多。\n")
    assert (of_kind(blocks, "title"), paragraphs(blocks)) == (["元宵“灯谜会”开张了"], ["这个时节的街巷挂满灯笼,猜谜的人越来越多。"])


def test_a_line_shaped_like_a_paper_name_away_from_a_masthead_is_a_headline():
    blocks = layout(HEADER + "正文第一段写完了。\n\n年终喜报\n\n本报讯（张三）全区经济运行稳中有进。\n")
    assert of_kind(blocks, "furniture") == []
    assert "年终喜报" in of_kind(blocks, "subhead") + of_kind(blocks, "title")


def test_running_head_between_two_columns_does_not_break_the_paragraph():
    blocks = layout(HEADER + "天津市和平区朝阳里社区是全国首个社区志\n愿者组织的发祥地。早在1989年，13位热心\n"
                    "第 2 版 要闻\n老人成立义务包户志愿服务小组。\n")
    assert paragraphs(blocks) == ["天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。早在1989年，13位热心老人成立义务包户志愿服务小组。"]
    assert of_kind(blocks, "furniture") == ["第2版要闻"]  # its justification spaces closed too


def test_pointer_ending_a_paragraph_is_furniture_and_the_paragraph_ends_with_its_sentence():
    blocks = layout(HEADER + "全市已设置临时避寒点23处，保障群众\n出行安全。>>>03\n\n寒潮来袭\n\n本报讯（高峰）我市将出现大风降温天气。\n")
    assert paragraphs(blocks)[0] == "全市已设置临时避寒点23处，保障群众出行安全。"
    assert of_kind(blocks, "furniture") == [">>>03"]
    assert "寒潮来袭" in of_kind(blocks, "title") + of_kind(blocks, "subhead")


def test_editors_credit_line_is_furniture_not_text():
    blocks = layout(HEADER + "正文只有一段。\n\n总值班:李卫东 值班主任:马建国 责编:韩冰 美编:吴桐 校对:李静\n")
    assert paragraphs(blocks) == ["正文只有一段。"]
    assert of_kind(blocks, "furniture") == ["总值班:李卫东 值班主任:马建国 责编:韩冰 美编:吴桐 校对:李静"]


# --- headlines over very short lines -----------------------------------------------------------


def test_headline_in_vertical_brackets_over_three_short_lines_is_one_title():
    blocks = layout("春节\n﹃氛围组\n﹄已就位\n\n本报讯（全媒体记者 周敏）临近岁末，年味越来越浓。\n")
    assert of_kind(blocks, "title") == ["春节“氛围组”已就位"]
    assert of_kind(blocks, "lead") == ["周敏"]


def test_headline_of_two_short_lines_keeps_its_space():
    blocks = layout("甘肃省金昌市金川区：\n\n牢记嘱托\n踔厉笃行\n\n◎ 和文\n\n天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。\n")
    assert of_kind(blocks, "title") == ["牢记嘱托", "踔厉笃行"]


# --- photo credits -------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "before", "names", "kept"), [
    ("兰州日报社全媒体记者 谭安丽 摄", "", ("谭安丽",), True),
    ("新华社记者 李四 摄", "", ("李四",), True),
    ("本报记者 王五摄", "", ("王五",), True),
    ("（通讯员 赵六 供图）", "", ("赵六",), True),
    ("张三/摄", "", ("张三",), True),
    ("图为市民在挑选春联。 张三 摄", "图为市民在挑选春联。", ("张三",), False),
    ("为迎接春节市场订单作准备。 徐军勇江凌浩 摄", "为迎接春节市场订单作准备。", ("徐军勇", "江凌浩"), False),
    ("图为游客拍照打卡。（记者 王五 摄）", "图为游客拍照打卡。", ("王五",), True),
])
def test_photo_credit_gives_its_names_and_keeps_its_unit_and_role(line, before, names, kept):
    credit = parse_credit(line)
    assert (credit.before, credit.names, credit.has_words) == (before, names, kept)


@pytest.mark.parametrize("line", ["志愿者组织的发祥地。志愿者们现场拍摄", "组织拍摄", "（记者 张三）", "（下转第2版）"])
def test_lines_ending_like_a_credit_that_are_no_credit(line):
    assert parse_credit(line) is None


def test_several_captions_in_a_row_make_several_captions_with_their_credits():
    blocks = layout(HEADER + "正文只有一段。\n\n“福”字送市民\n江城日报社全媒体记者 王晓 摄\n灯笼挂满老街\n全媒体记者 陈刚 摄\n")
    assert of_kind(blocks, "caption") == ["“福”字送市民 江城日报社全媒体记者 王晓 摄", "灯笼挂满老街 全媒体记者 陈刚 摄"]
    assert kinds(blocks)[-4:] == ["caption", "byline", "caption", "byline"]
    assert of_kind(blocks, "byline")[-2:] == ["王晓", "陈刚"]


def test_headline_as_wide_as_the_column_after_a_paragraph_is_a_heading_not_a_cut_off_first_line():
    # On a page whose paragraphs' first lines are indented, a cut-off first line is full two
    # columns short of the column, and a line as wide as the column can only be a heading.
    page = (HEADER + "天津市和平区朝阳里社区是全\n国首个社区志愿者组织的发祥\n地，居民都是志愿者。\n\n"
            "早在1989年，13位热心\n老人在朝阳里社区成立义务包\n户志愿服务小组。\n\n"
            "五年来，朝阳里社区始终\n聚力打造志愿服务型社区，持\n续擦亮特色品牌。\n\n渔港码头开出“暖心早餐”\n\n"
            "凌晨四点，浙江省舟山\n市沈家门渔港的码头上已经亮\n起了灯。\n")
    blocks = layout(page)
    assert "渔港码头开出“暖心早餐”" in of_kind(blocks, "subhead") + of_kind(blocks, "title")
    assert paragraphs(blocks)[-1].startswith("凌晨四点")


def test_a_byline_of_role_words_and_names_is_no_headline_line():
    """`本报记者 孙磊 通讯员 何强` under a headline: the names are the authors, the line as printed is
    the page's, and the headline stays the headline."""
    from generator.ingest.layout import names, role_byline
    from generator.ingest.printed_page import split_printed_page
    from generator.models import PageInfo

    assert role_byline("本报记者 孙磊 通讯员 何强") == ("孙磊", "何强")
    assert role_byline("新华社记者李四") == ("李四",)
    assert role_byline("新华社记者 胡 璐 王 琦") == ("胡璐", "王琦")  # two-character names padded to three
    assert role_byline("摄影记者 李四 本报记者 王五") == ("李四", "王五")  # a role of two role words
    assert names("摄影记者 李四") == ("李四",)
    for not_a_byline in ("致敬一线记者", "记者节里的坚守", "本报记者 孙磊 摄", "记者从市气象台获悉，", "本报评论员",
                         "摄影记者"):
        assert role_byline(not_a_byline) is None, not_a_byline
    text = ("老城区二十条背街小巷完成改造\n本报记者 孙磊 通讯员 何强\n\n"
            "走进南湖老城区的青石巷，平整的石板路、整洁的墙面让人眼前一亮。\n")
    split = split_printed_page(text, PageInfo(id="p", seed="p.txt"))
    (article,) = split.articles
    assert (article.title, article.authors) == ("老城区二十条背街小巷完成改造", ("孙磊", "何强"))
    assert split.record.furniture == ("本报记者 孙磊 通讯员 何强",)
    assert split.lost == 0
