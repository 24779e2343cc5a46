"""rjieba is used for segmentation only because it cuts exactly as jieba does, project words included."""

from __future__ import annotations

from pathlib import Path

from generator.enrich import tags
from generator.ingest.printed_page import ingest_page
from generator.models import PageInfo

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "tests" / "data" / "pages"


def page_texts() -> list[str]:
    paths = sorted(PAGES.glob("dev-*.txt")) + sorted((REPO / "seeds").glob("*.txt"))
    texts = []
    for path in paths:
        for article in ingest_page(path.read_text(encoding="utf-8"), PageInfo(id="p", seed=path.name)):
            texts += [b.text for b in article.blocks] + [article.title or "", article.kicker or ""]
    return texts


def test_rjieba_is_the_segmenter_when_installed():
    import rjieba  # pinned in requirements.txt

    model = tags.load_tag_model()
    assert isinstance(model.segmenter.func.__self__, rjieba.Jieba)


def test_rjieba_cuts_every_seed_and_dev_text_word_for_word_as_jieba():
    model = tags.load_tag_model()
    texts = page_texts() + [
        "志愿服务队伍推进老旧小区改造和安全生产标准化，医保参保率提升。",  # project words
        "Windows 10 与 APP 的“2+3”管理法，３月５日，PDCA循环。",  # Latin, digits, full width
    ]
    assert len(texts) > 500
    jieba_cut = [list(model.tokenizer.cut(t, HMM=False)) for t in texts]
    assert [list(model.segmenter(t)) for t in texts] == jieba_cut
