"""pagefind_text: the copy of a page Pagefind indexes has one word per CJK character, values kept."""

from __future__ import annotations

from generator.search.pagefind_text import pagefind_copy, spaced


def test_every_cjk_character_becomes_a_word_and_latin_runs_stay_whole():
    assert spaced("志愿服务 5G网络，好") == "志 愿 服 务 5G 网 络 ， 好"
    assert spaced("𠀀好") == "𠀀 好"  # beyond the BMP too


def test_filter_and_meta_values_are_kept_and_the_title_keeps_its_text_in_an_attribute():
    page = ('<html><head><title>牢记嘱托</title></head><body><article data-pagefind-body>'
            '<h1 data-pagefind-meta="title">牢记&#34;嘱托</h1><p>正文。</p>'
            '<span data-pagefind-filter="tag">志愿服务</span><span data-pagefind-meta="where">2024年1月17日</span>'
            '</article></body></html>')
    copy = pagefind_copy(page)
    assert '<title>牢记嘱托</title>' in copy  # the head is not Pagefind's
    assert '<h1 data-pagefind-meta="title[data-title]" data-title="牢记&#34;嘱托">牢 记 &#34; 嘱 托</h1>' in copy
    assert "<p>正 文 。</p>" in copy
    assert '<span data-pagefind-filter="tag">志愿服务</span>' in copy
    assert '<span data-pagefind-meta="where">2024年1月17日</span>' in copy
