"""load_config: site.toml → SiteConfig, every problem reported with its line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import SiteConfig, load_config
from generator.errors import BuildError, BuildErrors

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "themes" / "default").mkdir(parents=True)
    return tmp_path


def write(project: Path, text: str) -> Path:
    path = project / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(BuildErrors) as info:
        load_config(path)
    return [str(p).replace(str(path), "site.toml") for p in info.value.problems]


def test_repository_site_toml_is_valid():
    config = load_config(REPO / "site.toml")
    assert config.theme == "default"
    assert config.out_dir == "site"


def test_missing_file_gives_defaults(project):
    assert load_config(project / "site.toml") == SiteConfig()


def test_empty_file_gives_defaults(project):
    assert load_config(write(project, "# nothing set\n")) == SiteConfig()


def test_values_are_read(project):
    (project / "themes" / "dark").mkdir()
    path = write(project, 'title = "新闻"\ntheme = "dark"\nper_page = 5\npaper = "中国社会报"\n')
    config = load_config(path)
    assert (config.title, config.theme, config.per_page, config.paper) == ("新闻", "dark", 5, "中国社会报")


def test_base_url_gets_a_trailing_slash(project):
    config = load_config(write(project, 'base_url = "https://example.org/paper"\n'))
    assert config.base_url == "https://example.org/paper/"


def test_utf8_bom_is_accepted(project):
    path = project / "site.toml"
    path.write_bytes('\ufefftitle = "读报"\n'.encode())
    assert load_config(path).title == "读报"


def test_unknown_key_suggests_the_closest_one(project):
    path = write(project, 'title = "x"\ntitel = "读报"\n')
    assert errors_of(path) == ['site.toml:2: unknown key "titel" (did you mean "title"?)']


def test_unknown_key_with_dashes_suggests_the_underscore_key(project):
    path = write(project, "per-page = 10\n")
    assert errors_of(path) == ['site.toml:1: unknown key "per-page" (did you mean "per_page"?)']


def test_unknown_key_far_from_any_lists_the_valid_keys(project):
    path = write(project, "colour = 3\n")
    assert errors_of(path) == [
        'site.toml:1: unknown key "colour" (valid keys: base_url, content_dir, description, feed_items, '
        "out_dir, paper, per_page, search_shard_articles, seeds_dir, theme, themes_dir, title, zip_path)"
    ]


def test_unknown_table_is_an_unknown_key(project):
    path = write(project, 'title = "x"\n\n[themes]\ncolor = "red"\n')
    assert errors_of(path) == ['site.toml:3: unknown key "themes" (did you mean "theme"?)']


def test_wrong_type_names_key_and_expected_type(project):
    path = write(project, 'per_page = "20"\ntitle = 5\n')
    assert errors_of(path) == [
        'site.toml:1: "per_page" must be an integer, not a string (write a number without quotes: per_page = 20)',
        'site.toml:2: "title" must be a string, not an integer (put the value in quotes: title = "...")',
    ]


def test_boolean_is_not_an_integer(project):
    path = write(project, "feed_items = true\n")
    assert errors_of(path) == [
        'site.toml:1: "feed_items" must be an integer, not a boolean '
        "(write a number without quotes: feed_items = 50)"
    ]


def test_per_page_must_be_positive(project):
    assert errors_of(write(project, "per_page = 0\n")) == ['site.toml:1: "per_page" must be 1 or more, not 0']


def test_base_url_must_be_absolute(project):
    assert errors_of(write(project, 'base_url = "example.org"\n')) == [
        'site.toml:1: "base_url" must start with http:// or https://, not "example.org" '
        '(e.g. base_url = "https://example.org/paper/", or "" if unknown)'
    ]


def test_missing_theme_folder_lists_available_themes(project):
    assert errors_of(write(project, 'theme = "fancy"\n')) == [
        'site.toml:1: theme "fancy" not found: no folder themes/fancy (available: default)'
    ]


def test_missing_theme_is_checked_for_defaults_too(tmp_path):
    assert errors_of(tmp_path / "site.toml") == [
        'site.toml: theme "default" not found: no folder themes/default (create themes/default)'
    ]


@pytest.mark.parametrize("out_dir", [".", "..", "seeds/..", "/"])
def test_out_dir_may_not_be_the_project_or_above(project, out_dir):
    problems = errors_of(write(project, f'out_dir = "{out_dir}"\n'))
    assert len(problems) == 1
    assert problems[0].startswith('site.toml:1: "out_dir" must')


def test_out_dir_may_not_hold_the_content(project):
    assert errors_of(write(project, 'out_dir = "data"\ncontent_dir = "data/content"\n')) == [
        'site.toml:1: "out_dir" must not contain content_dir ("data/content") '
        '(each build replaces the whole out_dir; use e.g. out_dir = "site")'
    ]


def test_all_problems_are_reported_together_in_line_order(project):
    path = write(project, 'theme = "nope"\nper_page = "x"\ntitel = "y"\n')
    assert errors_of(path) == [
        'site.toml:1: theme "nope" not found: no folder themes/nope (available: default)',
        'site.toml:2: "per_page" must be an integer, not a string (write a number without quotes: per_page = 20)',
        'site.toml:3: unknown key "titel" (did you mean "title"?)',
    ]


def test_toml_syntax_error_names_the_line(project):
    path = write(project, 'title = "读报"\ntheme = default\n')
    with pytest.raises(BuildError) as info:
        load_config(path)
    assert not isinstance(info.value, BuildErrors)
    assert str(info.value).replace(str(path), "site.toml") == (
        "site.toml:2: invalid TOML: Invalid value "
        '(see https://toml.io: text values need quotes, e.g. title = "读报")'
    )


def test_toml_error_at_end_of_file_names_the_last_line(project):
    path = write(project, 'title = "x"\ndescription = "unfinished\n')
    with pytest.raises(BuildError) as info:
        load_config(path)
    assert info.value.problem.line == 2


def test_non_utf8_file_is_an_error(project):
    path = project / "site.toml"
    path.write_bytes('title = "读报"\n'.encode("gbk"))
    with pytest.raises(BuildError) as info:
        load_config(path)
    assert info.value.problem.message == "not UTF-8 text (byte 9)"
