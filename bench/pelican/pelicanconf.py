"""Minimal Pelican settings for the comparison benchmark (default theme, relative URLs, no feeds).

Region goes into the category (Pelican has tags, categories and authors as taxonomies).
PATH and OUTPUT_PATH are passed on the command line by bench/run.py.
"""
SITENAME = "读报 (Pelican benchmark)"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_DATE = (2024, 1, 17)
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
ARTICLE_URL = ARTICLE_SAVE_AS = "articles/{slug}.html"
