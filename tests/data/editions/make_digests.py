"""Write the two digest fixtures and their gold from the items below (made-up news, written by hand).

`python3 tests/data/editions/make_digests.py` rewrites `digest-a.txt`, `digest-b.txt` and their
`.gold.json`. The items are the answer: the gold is written from them, never from the splitter.
Layout A is what `pdftotext` gives of a merged-article PDF (a table of contents, headlines wrapped at
13 columns, body hard-wrapped at 30 with indented first lines, a `第 N 页` footer every 38 lines
wherever it falls). Layout B has no table of contents, paragraphs one a line between blank lines,
spaced source lines and 新华社 items.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
NO_LINE_START = set("，。、；：！？”’）》」』…%")


def width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def wrap(text: str, cols: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if width(cur + ch) > cols and ch not in NO_LINE_START and cur:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur] if cur else lines


# Each item: page, kicker, title, subtitle, byline lines as printed, authors, body (paragraphs;
# a paragraph starting with "## " is a subhead), kind ("article", "credits", "ad").
A_PAPER, A_DATE = "人民日报", (2025, 10, 20)
A_ITEMS = [
    dict(page=1, kicker=None, title="秋粮收获进度过七成", subtitle=None,
         byline=["本报记者 郁静娴"], authors=["郁静娴"], body=[
             "本报北京10月19日电　记者从农业农村部获悉：截至10月18日，全国秋粮已收获七成以上，进度快于上年同期。其中，东北地区玉米收获过半，黄淮海地区夏玉米基本收完，长江中下游中晚稻收获进入高峰。",
             "农业农村部有关负责人介绍，今年秋粮播种面积稳中有增，大部分产区光温水条件匹配较好，单产提高的基础较为扎实。各地抢抓晴好天气，组织农机跨区作业，全国每天投入联合收割机超过60万台。",
             "针对部分地区出现的连阴雨天气，农业农村部派出工作组分赴重点省份，指导农户及时抢收抢烘，减少霉变损失。各地新建和改造的粮食烘干设施，日处理能力比上年提高一成左右。",
         ]),
    dict(page=1, kicker="坚持创新驱动  厚植发展优势", title="新型储能装机规模持续扩大", subtitle=None,
         byline=["本报记者", "丁", "怡", "婷"], authors=["丁怡婷"], body=[
             "记者日前从国家能源局了解到：截至今年9月底，全国已建成投运新型储能项目累计装机规模超过1亿千瓦，较去年底增长三成以上。锂离子电池储能仍占主导地位，压缩空气储能、液流电池储能等技术路线加快发展。",
             "从地区分布看，西北、华北地区装机规模较大，新能源配建储能的比例持续提高。多地探索独立储能参与电力市场交易，储能电站的调用频次和利用水平明显提升。",
             "业内人士表示，新型储能是建设新型电力系统的重要支撑。下一步，有关部门将完善价格机制和市场规则，推动新型储能由“建得好”向“用得好”转变。",
         ]),
    dict(page=1, kicker=None, title="全国铁路国庆中秋假期运送旅客再创新高", subtitle="单日最高发送旅客超过2300万人次",
         byline=["本报记者 韩 鑫"], authors=["韩鑫"], body=[
             "记者从中国国家铁路集团有限公司获悉：国庆中秋假期，全国铁路累计发送旅客2.3亿人次，日均发送旅客同比增长5.6%，多日发送量创历史同期新高。",
             "为满足旅客出行需求，铁路部门最大限度挖掘运输潜力，假期每天安排开行旅客列车超过1.3万列。多地车站开通重点旅客预约服务，为老幼病残孕旅客提供便利。",
         ]),
    dict(page=1, kind="credits", title="本版责编：张 明 刘佳琪 王 洋", body=[]),
    dict(page=2, kicker=None, title="以高水平保护支撑高质量发展", subtitle="——访生态环境部有关负责人",
         byline=["本报记者 寇江泽"], authors=["寇江泽"], body=[
             "今年以来，各地深入打好污染防治攻坚战，生态环境质量持续改善。前三季度，全国地级及以上城市细颗粒物平均浓度同比下降，优良天数比例进一步提高。",
             "## 守住生态保护红线",
             "生态环境部有关负责人介绍，全国生态保护红线划定工作已全面完成，面积约占陆域国土面积的三成。各地建立健全监管制度，严肃查处侵占生态空间的违法行为。",
             "## 推动绿色低碳转型",
             "这位负责人表示，要把减污降碳协同增效作为总抓手，加快产业结构、能源结构调整优化。今年，多地开展减污降碳协同创新试点，探索形成了一批可复制推广的经验做法。",
         ]),
    dict(page=2, kicker=None, title="让更多老年人享受便捷助餐服务", subtitle=None,
         byline=["本报记者", "李", "昂"], authors=["李昂"], body=[
             "走进某市东城街道的社区食堂，一份两荤一素的套餐只要12元，老年人还能享受额外补贴。“饭菜清淡可口，离家又近，我和老伴天天来。”今年78岁的居民刘大爷说。",
             "近年来，各地积极发展老年助餐服务，通过新建社区食堂、引入餐饮企业、开展上门送餐等方式，织密助餐服务网络。截至目前，全国已建成老年助餐点超过10万个。",
             "民政部有关负责人表示，将推动老年助餐服务提质扩面，重点向农村地区和经济困难老年人倾斜，让老年人吃得安心、吃得放心。",
         ]),
    dict(page=2, kicker=None, title="一座小城的“文化客厅”", subtitle=None,
         byline=["本报记者 郑海鸥"], authors=["郑海鸥"], body=[
             "傍晚时分，县城图书馆二楼灯火通明。书架间，学生们埋头苦读；阅览区里，几位老人正戴着老花镜翻看报纸。“这里环境好、书也多，周末一待就是一天。”高中生小王说。",
             "这座图书馆由一处闲置厂房改造而成，设有少儿阅读区、非遗展示区和多功能报告厅，每年举办各类公益讲座和阅读活动200多场，成为当地群众喜爱的“文化客厅”。",
         ]),
    dict(page=2, kind="credits", title="本版责编：赵 晖 孙小雨", body=[]),
    dict(page=3, kicker=None, title="前三季度外贸进出口稳中有进", subtitle=None,
         byline=["本报记者 罗珊珊"], authors=["罗珊珊"], body=[
             "海关总署日前发布数据：今年前三季度，我国货物贸易进出口总值同比增长4%，其中出口增长7.1%，进口保持平稳。民营企业进出口占比继续提高，成为外贸发展的重要力量。",
             "从贸易伙伴看，我国与共建“一带一路”国家进出口增长较快，占外贸总值的比重超过一半。机电产品出口保持增长，电动汽车、锂电池、太阳能电池等产品出口表现亮眼。",
             "专家认为，外部环境依然复杂严峻，但我国外贸韧性强、潜力足，产业配套完整、市场多元化的优势将继续显现。",
         ]),
    dict(page=3, kicker="小微企业融资更便利", title="普惠小微贷款余额同比增长一成以上", subtitle=None,
         byline=["本报记者 葛孟超"], authors=["葛孟超"], body=[
             "中国人民银行最新数据显示，9月末，普惠小微贷款余额同比增长12%，增速高于各项贷款增速。小微企业贷款利率稳中有降，融资成本持续降低。",
             "多家银行推出线上信用贷款产品，依托税务、社保等数据为小微企业精准画像，实现“秒申秒批”。某省一家机械配件厂负责人说：“以前贷款要跑好几趟，现在手机上就能办，资金当天到账。”",
         ]),
    dict(page=3, kind="ad", title="广告", body=[]),
    dict(page=3, kind="credits", title="本版责编：周 颖 吴 昊", body=[]),
    dict(page=4, kicker=None, title="山区果园用上智能灌溉", subtitle=None,
         byline=["本报记者 王汉超 通讯员 陈 晨"], authors=["王汉超", "陈晨"], body=[
             "清晨，在某县一处山地果园里，一排排滴灌管道沿着果树铺开。果农打开手机应用，点一下按钮，水肥便精准送到每棵树的根部。“过去浇一遍地要好几天，现在在家就能操作。”果农老杨说。",
             "近年来，当地引导农户建设高效节水灌溉设施，配套安装土壤墒情监测设备。灌溉用水量比传统方式减少四成左右，果品产量和品质明显提升，亩均增收2000多元。",
             "县农业农村局负责人介绍，下一步将扩大智能灌溉覆盖面，推动更多山区果园实现节水增效。",
         ]),
    dict(page=4, kicker=None, title="老街区焕发新活力", subtitle="城市更新中留住烟火气",
         byline=["本报记者 姚雪青"], authors=["姚雪青"], body=[
             "青石板路、白墙黛瓦，改造后的老街区游人如织。沿街的老字号店铺重新开张，手工艺人现场展示传统技艺，不少年轻人专程前来打卡。",
             "在改造过程中，当地坚持“留改拆”并举，保留街巷肌理和历史建筑，同步完善排水、燃气等基础设施。原住居民大多选择留下，街区保持着浓浓的生活气息。",
             "“既要改善居住条件，又要守住城市记忆。”当地住建部门负责人说，今年还将启动一批老旧街区改造项目，让更多居民受益。",
         ]),
    dict(page=4, kicker=None, title="乡村少年足球赛开赛", subtitle=None,
         byline=["本报记者 刘 硕"], authors=["刘硕"], body=[
             "日前，一场乡村少年足球赛在某镇中心小学开赛，来自全镇12所学校的200多名少年球员参加比赛。赛场上，孩子们奔跑拼抢，场边的家长和老师不时为他们加油喝彩。",
             "近年来，当地依托学校场地开展校园足球活动，聘请专业教练定期指导，越来越多的农村孩子爱上了足球。",
         ]),
    dict(page=4, kind="credits", title="本版责编：钱 程 马晓燕", body=[]),
]

B_PAPER, B_DATE = "光明日报", (2025, 3, 5)
B_ITEMS = [
    dict(page=1, kicker=None, title="全国两会新闻中心正式开放", subtitle=None,
         byline=["新华社记者 胡 璐 王 琦"], authors=["胡璐", "王琦"], body=[
             "新华社北京3月4日电 全国两会新闻中心4日正式对外开放，为中外记者采访报道提供服务。新闻中心设有新闻发布厅、采访间和记者工作区，配备直播、网络和翻译等设施。",
             "据介绍，今年已有3000多名中外记者报名采访全国两会。新闻中心将组织代表委员集体采访、部长通道等活动，为记者采访提供便利。",
         ]),
    dict(page=1, kicker=None, title="春耕备耕有序推进", subtitle="——各地抓好农资供应和技术服务",
         byline=["本报记者 陈海波"], authors=["陈海波"], body=[
             "眼下，从南到北，春耕备耕由南向北次第展开。各地提早调运种子化肥，组织农技人员下田指导，确保不误农时。",
             "农业农村部数据显示，目前春耕所需种子已基本落实，化肥供应总体充足，价格基本稳定。各地还加强农机检修，为春播作业做好准备。",
             "专家提醒，今春部分地区气温偏高、降水偏少，要做好抗旱保苗准备，科学安排播种时间。",
         ]),
    dict(page=1, kind="credits", title="本版编辑：李晓明 张 蕾", body=[]),
    dict(page=3, kicker=None, title="科研人员揭示水稻耐热新机制", subtitle=None,
         byline=["新华社记者 张 泉"], authors=["张泉"], body=[
             "新华社上海3月4日电 记者从有关科研机构获悉，科研人员发现一个能够提高水稻耐热能力的关键基因，相关成果日前发表在国际学术期刊上。",
             "研究人员介绍，高温是影响水稻产量的重要因素。这一基因能够帮助水稻在高温条件下保护细胞结构，减少籽粒灌浆受阻。",
             "下一步，研究团队将利用这一成果培育耐热水稻新品种，为应对气候变化、保障粮食安全提供支撑。",
         ]),
    dict(page=3, kicker=None, title="博物馆夜场受青睐", subtitle=None,
         byline=["本报记者 吴 娜"], authors=["吴娜"], body=[
             "华灯初上，某市博物馆内依然人头攒动。今年起，这家博物馆在周末推出夜场开放，还配套举办专题讲解、文创市集等活动。",
             "博物馆负责人介绍，夜场开放以来，已接待观众超过5万人次，其中年轻观众占六成以上。“白天要上班，夜场让我们有了更多走进博物馆的机会。”一位观众说。",
         ]),
    dict(page=3, kind="ad", title="广告", body=[]),
]


def source_line(paper: str, date: tuple[int, int, int], page: int, spaced: bool) -> str:
    y, m, d = date
    if spaced:
        return f"《 {paper} 》（ {y}年{m}月{d}日   第 {page:02d} 版）"
    return f"《{paper}》（{y}年{m}月{d}日 第 {page:02d} 版）"


def layout_a(items) -> list[str]:
    out = [f"{A_PAPER} {A_DATE[0]}年{A_DATE[1]}月{A_DATE[2]}日", "目录", ""]
    for n, item in enumerate(items, 1):
        out += wrap(f"{n}. {item['title']}", 22)
    out += ["", "\f"]
    for item in items:
        if item.get("kicker"):
            out.append(item["kicker"])
        out += wrap(item["title"], 13)
        if item.get("subtitle"):
            out.append(item["subtitle"])
        out += item.get("byline", [])
        out.append(source_line(A_PAPER, A_DATE, item["page"], False))
        out.append("")
        for para in item["body"]:
            if para.startswith("## "):
                out.append(para[3:])
            else:
                out += wrap("\u3000\u3000" + para, 30)  # the indent takes two columns of the first line
        out.append("")
    # the PDF's page footers, every 38 lines, wherever they fall
    paged, page = [], 1
    for n, line in enumerate(out, 1):
        paged.append(line)
        if n % 38 == 0:
            paged += [f"第 {page} 页", "\f"]
            page += 1
    paged += [f"第 {page} 页", "\f"]
    text = "\n".join(paged).replace("\n\f\n", "\n\f")
    return text


def layout_b(items) -> str:
    out = []
    for item in items:
        out += ["", ""]
        if item.get("kicker"):
            out.append(item["kicker"])
        out.append(item["title"])
        if item.get("subtitle"):
            out.append(item["subtitle"])
        out += item.get("byline", [])
        out.append(source_line(B_PAPER, B_DATE, item["page"], True))
        for para in item["body"]:
            out += ["", para[3:] if para.startswith("## ") else para]
    paged, page = [], 1
    for n, line in enumerate(out, 1):
        paged.append(line)
        if n % 25 == 0:
            paged += ["", f"第{page}页", ""]
            page += 1
    return "\n".join(paged).strip("\n") + "\n"


def gold(seed: str, items, paper: str, date: tuple[int, int, int], note: str) -> dict:
    iso = "%04d-%02d-%02d" % date
    out = []
    for item in items:
        if item.get("kind", "article") != "article":
            continue
        paras = [p for p in item["body"] if not p.startswith("## ")]
        out.append({
            "kind": "article", "kicker": item["kicker"], "title": item["title"],
            "subtitle": item["subtitle"].lstrip("—") if item["subtitle"] else None,
            "authors": item["authors"], "subheads": [p[3:] for p in item["body"] if p.startswith("## ")],
            "paragraphs": len(paras), "body_start": paras[0][:16], "body_end": paras[-1][-12:],
            "must_contain": [paras[len(paras) // 2][4:20]],
            "paper": paper, "date": iso, "page": item["page"],
        })
    return {"seed": seed, "note": note, "items": out}


def main() -> None:
    (HERE / "digest-a.txt").write_text(layout_a(A_ITEMS) + "\n", encoding="utf-8")
    (HERE / "digest-b.txt").write_text(layout_b(B_ITEMS), encoding="utf-8")
    note = "made-up news written by hand in tests/data/editions/make_digests.py; gold written from those items"
    for name, items, paper, date in (("digest-a", A_ITEMS, A_PAPER, A_DATE), ("digest-b", B_ITEMS, B_PAPER, B_DATE)):
        data = gold(f"{name}.txt", items, paper, date, note)
        (HERE / f"{name}.gold.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
