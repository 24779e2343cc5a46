"""Static reader-website generator for Chinese newspaper pages."""

__version__ = "0.1.0"
