"""Cleaning what people type into search boxes and filters."""

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
WORDS = re.compile(r"\w+")


def tidy(value, max_length):
    """Typed text without control characters (PostgreSQL refuses NUL) or runs
    of spaces, cut to ``max_length``."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", value or "").split())[:max_length]


def search_words(value):
    """Only the words, for the search backend: quotes and lone punctuation
    break SQLite's full-text query syntax, and mean nothing to PostgreSQL's."""
    return " ".join(WORDS.findall(value or ""))
