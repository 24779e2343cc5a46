"""`site.toml` → frozen `SiteConfig`; unknown keys are errors with a "did you mean"."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePosixPath
from typing import Any

from generator.errors import BuildError, BuildErrors, Problem


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Site settings. Paths are relative to the folder holding site.toml."""

    title: str = "读报"
    description: str = "报纸版面的文章，按地区、标签与版面浏览，可离线检索。"
    base_url: str = ""  # absolute URL of the published site, for feed/sitemap; "" = unknown
    paper: str | None = None  # default paper name for pages without their own .toml
    theme: str = "default"
    themes_dir: str = "themes"
    seeds_dir: str = "seeds"
    content_dir: str = "content"
    out_dir: str = "site"
    zip_path: str = "site.zip"
    per_page: int = 20  # articles per list page: home, each tag and each region
    feed_items: int = 50
    search_shard_articles: int = 10_000  # more articles: Pagefind indexes them in shards (by year)


_KEYS = {f.name: f.type for f in fields(SiteConfig)}  # annotations are strings ("int", "str | None")
_FOLDER_KEYS = ("themes_dir", "seeds_dir", "content_dir", "out_dir")
_TOML_TYPES = {
    bool: "a boolean",  # before int: bool is a subclass of int
    int: "an integer",
    float: "a float",
    str: "a string",
    list: "an array",
    dict: "a table",
}
_TOML_HINT = "see https://toml.io: text values need quotes, e.g. title = \"读报\""


def load_config(path: Path) -> SiteConfig:
    """Read `site.toml`; a missing file means all defaults.

    Every problem is collected, then all are raised together as `BuildErrors`. Relative paths are
    checked against the folder holding `path`, and the theme folder must exist.
    """
    checked = TomlSettings.read(path) if path.exists() else TomlSettings(path, {}, {})
    problem = checked.problem
    settings: dict[str, Any] = {}
    for key, value in checked.values.items():
        if key not in _KEYS:
            problem(key, f'unknown key "{key}"', _did_you_mean(key))
            continue
        expected = "an integer" if _KEYS[key] == "int" else "a string"
        got = _toml_type(value)
        if got != expected:
            problem(key, f'"{key}" must be {expected}, not {got}', _type_hint(key, expected))
            continue
        settings[key] = value

    for key in ("per_page", "feed_items", "search_shard_articles"):
        if key in settings and settings[key] < 1:
            problem(key, f'"{key}" must be 1 or more, not {settings[key]}')
            del settings[key]
    base_url = settings.get("base_url", "")
    if base_url and not re.match(r"https?://[^/\s]+", base_url):
        problem("base_url", f'"base_url" must start with http:// or https://, not "{base_url}"',
                'e.g. base_url = "https://example.org/paper/", or "" if unknown')
    elif base_url and not base_url.endswith("/"):
        settings["base_url"] = base_url + "/"
    for key in ("title", "theme", *_FOLDER_KEYS, "zip_path"):
        if key in settings and not settings[key].strip():
            problem(key, f'"{key}" must not be empty')
            del settings[key]
    if "out_dir" in settings and ".." in PurePosixPath(settings["out_dir"].replace("\\", "/")).parts:
        problem("out_dir", f'"out_dir" must stay inside the project folder, not "{settings["out_dir"]}"')
        del settings["out_dir"]

    config = SiteConfig(**settings)
    root = path.parent
    out = (root / config.out_dir).resolve()
    if out == root.resolve() or out in root.resolve().parents:
        problem("out_dir", f'"out_dir" must be a folder of its own, not "{config.out_dir}"',
                "each build replaces the whole out_dir; use e.g. out_dir = \"site\"")
    else:
        for key in ("seeds_dir", "content_dir", "themes_dir"):
            other = (root / getattr(config, key)).resolve()
            if out == other or out in other.parents:
                problem("out_dir", f'"out_dir" must not contain {key} ("{getattr(config, key)}")',
                        "each build replaces the whole out_dir; use e.g. out_dir = \"site\"")
    if "/" in config.theme or "\\" in config.theme or config.theme in (".", ".."):
        problem("theme", f'"theme" must be a folder name, not "{config.theme}"')
    elif not (root / config.themes_dir / config.theme).is_dir():
        themes = root / config.themes_dir
        found = sorted(p.name for p in themes.iterdir() if p.is_dir()) if themes.is_dir() else []
        problem(
            "theme",
            f'theme "{config.theme}" not found: no folder {config.themes_dir}/{config.theme}',
            f"available: {', '.join(found)}" if found else f"create {config.themes_dir}/{config.theme}",
        )

    checked.raise_problems()
    return config


@dataclass
class TomlSettings:
    """A settings file read for checking: its values, the line of each top-level key, and the problems
    found so far. `site.toml` and every seed's `.toml` are checked through it, so both report every
    problem at once, each at its line."""

    path: Path
    values: dict[str, Any]
    lines: dict[str, int]
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> TomlSettings:
        """The file's values; a syntax error is one `BuildError` at the line TOML reports."""
        values = _read_toml(path)
        return cls(path, values, key_lines(path.read_text(encoding="utf-8-sig")) if values else {})

    def problem(self, key: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(str(self.path), self.lines.get(key), message, hint))

    def raise_problems(self) -> None:
        """All problems found, by line, as one `BuildErrors`; nothing when there were none."""
        if self.problems:
            raise BuildErrors(sorted(self.problems, key=lambda p: p.line or 0))


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse the file; a syntax error is one `BuildError` with the line TOML reports."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start})"
        raise BuildError(str(path), None, message, f"save {path.name} as UTF-8") from None
    except OSError as error:
        raise BuildError(str(path), None, f"cannot read the file: {error.strerror}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        if match:
            line = int(match.group(1))
            message = message[: match.start()]
        else:  # "(at end of document)"
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            message = re.sub(r"\s*\(at end of document\)$", " at the end of the file", message)
        raise BuildError(str(path), line, f"invalid TOML: {message}", _TOML_HINT) from None


def key_lines(text: str) -> dict[str, int]:
    """Line of each top-level key (or table header), for error messages."""
    lines: dict[str, int] = {}
    key = r"""(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))"""
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(rf"\s*\[*\s*{key}", line)
        if match and not line.lstrip().startswith("#"):
            name = next(g for g in match.groups() if g is not None)
            lines.setdefault(name, number)
    return lines


def _did_you_mean(key: str) -> str:
    close = difflib.get_close_matches(key, _KEYS, n=1, cutoff=0.6)
    if not close:
        close = [k for k in _KEYS if k.replace("_", "") == key.replace("-", "").replace("_", "").lower()]
    if close:
        return f'did you mean "{close[0]}"?'
    return "valid keys: " + ", ".join(sorted(_KEYS))


def _toml_type(value: Any) -> str:
    for kind, name in _TOML_TYPES.items():
        if isinstance(value, kind):
            return name
    return "a date or time"


def _type_hint(key: str, expected: str) -> str:
    if expected == "an integer":
        return f"write a number without quotes: {key} = {getattr(SiteConfig(), key)}"
    return f'put the value in quotes: {key} = "..."'
