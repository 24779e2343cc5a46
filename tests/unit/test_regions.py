"""Unit tests for generator.enrich.regions: names → province / city / county with the 6-digit code."""

import subprocess
import sys
from pathlib import Path

import pytest

from generator.models import Region
from generator.enrich.regions import DATA_YEARS, resolve_region


def code_of(kicker: str, heading: str = "", first: str = "", body: str = "", **kw) -> str | None:
    region, _ = resolve_region(kicker, heading, first, body, **kw)
    return region.code if region else None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # full names, and the forms a kicker uses
        ("甘肃省金昌市金川区", "620302"),
        ("浙江省杭州市桐庐县", "330122"),
        ("四川广元市昭化区", "510811"),
        ("四川巴中市巴州区", "511902"),
        ("安徽亳州市谯城区", "341602"),
        ("吉林抚松县", "220621"),
        ("吉林抚松县松江河镇", "220621"),
        ("贵州黎平县", "522631"),
        ("贵州黎平县孟彦镇", "522631"),
        ("广西壮族自治区南宁市", "450100"),
        ("宁夏银川", "640100"),
        # municipalities
        ("天津市和平区", "120101"),
        ("北京市朝阳区", "110105"),
        ("北京朝阳", "110105"),
        ("上海浦东新区", "310115"),
        ("重庆渝北区", "500112"),
        ("重庆江北区", "500105"),
        ("浙江宁波江北区", "330205"),
        # autonomous prefectures (州), leagues (盟), 地区, autonomous counties and banners
        ("恩施州利川市", "422802"),
        ("湖南湘西州吉首市", "433101"),
        ("延边州", "222400"),
        ("贵州黔东南州黎平", "522631"),
        ("内蒙古锡林郭勒盟", "152500"),
        ("兴安盟", "152200"),
        ("阿里地区", "542500"),
        ("大兴安岭地区", "232700"),
        ("新疆阿克苏", "652900"),
        ("重庆石柱土家族自治县", "500240"),
        ("石柱县", "500240"),
        ("内蒙古鄂伦春自治旗", "150723"),
        # 林区 and county-level cities administered directly by the province
        ("神农架林区", "429021"),
        ("仙桃市", "429004"),
        ("湖北仙桃", "429004"),
        ("海南琼海市", "469002"),
        ("新疆石河子市", "659001"),
        # prefecture-level cities without counties
        ("东莞市", "441900"),
        ("儋州市", "460400"),
        # short names with a parent in sight
        ("浙江桐庐", "330122"),
        ("江苏扬中", "321182"),
        ("广东广州", "440100"),
        ("甘肃合作市", "623001"),
        ("河南新县", "411523"),
        ("重庆忠县", "500233"),
        ("安徽马鞍山和县", "340523"),
        ("山西阳泉城区", "140302"),
        ("山西晋城城区", "140502"),
        ("四川南部县", "511321"),
        # province only
        ("吉林", "220000"),
        ("西藏", "540000"),
        ("河北区域", "130000"),
        # no place: companies, false friends, generic words, bare ambiguous names
        ("中铁十四局", None),
        ("朝阳里社区", None),
        ("弘扬中华", None),
        ("合作医疗", None),
        ("合作市场", None),
        ("老城区", None),
        ("城区", None),
        ("贡献县域", None),
        ("和平区", None),
        ("江北区", None),
        ("新县", None),
        ("桐庐", None),
        ("黎平", None),
        ("广州", None),
        ("陕煤黄陵矿业一号煤矿", None),
    ],
)
def test_region_string_resolves_to_code(text, code):
    assert code_of(text) == code


def test_full_chain_gives_all_three_levels():
    region, _ = resolve_region("甘肃省金昌市金川区", "", "", "")
    assert region == Region("甘肃省", "金昌市", "金川区", "620302")


def test_county_without_city_in_text_gets_its_city_from_the_table():
    region, _ = resolve_region("贵州黎平县", "", "", "")
    assert region == Region("贵州省", "黔东南苗族侗族自治州", "黎平县", "522631")


def test_municipality_district_has_no_city():
    region, _ = resolve_region("天津市和平区", "", "", "")
    assert region == Region("天津市", None, "和平区", "120101")


def test_directly_administered_county_level_city_has_no_city():
    region, _ = resolve_region("仙桃市", "", "", "")
    assert region == Region("湖北省", None, "仙桃市", "429004")


def test_province_only_gives_province_code():
    region, _ = resolve_region("四川", "", "", "")
    assert region == Region("四川省", None, None, "510000")


def test_city_only_gives_city_code():
    region, _ = resolve_region("湖北省武汉市", "", "", "")
    assert region == Region("湖北省", "武汉市", None, "420100")


def test_no_place_anywhere_gives_none_and_no_places():
    assert resolve_region(None, "全力推进 矿井安全生产标准化", "标准化建设是安全管理的基石。", "") == (None, ())


# evidence order -------------------------------------------------------------------------------


def test_kicker_wins_over_a_conflicting_body():
    region, places = resolve_region("四川广元市昭化区", "标题", "近年来，甘肃省金昌市金川区不断加强。", "")
    assert region.code == "510811"
    assert [p.code for p in places] == ["510811", "620302"]


def test_body_refines_a_kicker_city_to_its_county():
    assert code_of("四川广元市", "书写文明答卷", "近年来，昭化区不断加强精神文明建设。", "") == "510811"


def test_heading_refines_a_kicker_province():
    assert code_of("吉林", "抚松县推动社区适老化建设") == "220621"


def test_heading_wins_over_first_paragraph():
    assert code_of(None, "浙江省杭州市桐庐县：共富工坊", "安徽亳州市谯城区的经验。") == "330122"


def test_first_paragraph_sets_region_when_kicker_and_heading_name_none():
    assert code_of(None, "牢记嘱托", "近年来，浙江省杭州市桐庐县发挥党建引领作用。", "") == "330122"


def test_first_paragraph_wins_over_rest_of_body():
    first = "近年来，四川省巴中市巴州区不断推进。"
    assert code_of(None, "持之以恒", first, first + "甘肃省金昌市金川区也在推进。") == "511902"


def test_body_refinement_in_another_branch_is_ignored():
    assert code_of("四川广元市", "标题", "成都市武侯区的做法。") == "510800"


def test_two_counties_in_the_body_refine_only_to_their_common_city():
    assert code_of("甘肃", "标题", "金昌市金川区、永昌县联合开展活动。") == "620300"


def test_short_county_name_accepted_when_the_body_names_its_province():
    kicker = "陕煤黄陵矿业一号煤矿"
    first = "本报讯 标准化建设是安全管理的基石。去年以来，陕西陕煤集团黄陵矿业有限公司一号煤矿坚持。"
    region, _ = resolve_region(kicker, "全力推进 矿井安全生产标准化", first, "")
    assert region == Region("陕西省", "延安市", "黄陵县", "610632")


def test_short_county_name_accepted_under_established_city():
    assert code_of("浙江省杭州市", "共富工坊", "桐庐百江镇郭村党员志愿者在帮助村民。") == "330122"


def test_bare_ambiguous_district_resolved_by_established_municipality():
    assert code_of(None, "天津市：志愿服务", "和平区朝阳里社区是发祥地。") == "120101"


def test_bare_ambiguous_district_without_parent_stays_unresolved():
    assert resolve_region(None, "志愿服务", "和平区朝阳里社区是发祥地。", "") == (None, ())


def test_false_friends_do_not_join_places_even_in_an_agreeing_article():
    _, places = resolve_region(
        None, "牢记嘱托 踔厉笃行 ——天津市和平区朝阳里社区志愿服务事业五年工作实录",
        "天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。", "弘扬中华传统美德，推进合作医疗。谯城区对老城区进行改造。"
    )
    assert [p.code for p in places] == ["120101", "341602"]


# places ---------------------------------------------------------------------------------------


def test_places_lists_every_county_level_place_in_first_mention_order():
    _, places = resolve_region("浙江杭州", "标题", "桐庐县、建德市和淳安县联合推进。", "淳安县再次发力，桐庐县跟进。")
    assert [p.county for p in places] == ["桐庐县", "建德市", "淳安县"]


def test_places_drop_a_place_implied_by_a_more_specific_one():
    _, places = resolve_region("四川广元市昭化区", "", "成功选树“四川好人”3名，广元市寻找身边的凡人善举。", "")
    assert places == (Region("四川省", "广元市", "昭化区", "510811"),)


def test_places_keep_a_province_named_with_nothing_below_it():
    _, places = resolve_region("四川广元市昭化区", "", "与湖南的合作。", "")
    assert [p.code for p in places] == ["510811", "430000"]


def test_places_include_places_outside_the_region():
    _, places = resolve_region("贵州黎平县", "", "", "与重庆渝北区、吉林抚松县结对。")
    assert [p.code for p in places] == ["522631", "500112", "220621"]


def test_body_containing_the_first_paragraph_is_not_read_twice():
    first = "近年来，四川省广元市昭化区不断加强。"
    assert resolve_region(None, "", first, first + "其他。") == resolve_region(None, "", first, "其他。")


# data and year --------------------------------------------------------------------------------


def test_year_selects_the_divisions_of_that_year():
    assert code_of("四川广元市元坝区", year=2010) == "510811"
    assert code_of("四川广元市元坝区", year=2024) == "510800"  # renamed 昭化区 in 2013


def test_year_outside_the_table_is_clamped():
    first, last = DATA_YEARS
    assert code_of("重庆渝北区", year=last + 50) == code_of("重庆渝北区", year=last)
    assert code_of("重庆渝北区", year=first - 50) == code_of("重庆渝北区", year=first)


def test_result_is_deterministic_and_made_of_regions():
    args = (None, "天津市和平区", "浙江省杭州市桐庐县、建德市。", "安徽亳州市谯城区。")
    first = resolve_region(*args)
    assert first == resolve_region(*args)
    assert all(isinstance(p, Region) for p in first[1])


def test_import_and_first_call_do_not_import_pandas():
    code = (
        "import sys; from generator.enrich.regions import resolve_region; "
        "resolve_region('四川', '', '', ''); print('pandas' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
