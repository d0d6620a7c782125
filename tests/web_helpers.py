"""Helpers for the web tests: a client with its CSRF token, and the form a page shows."""

import html
import re

FIELD = re.compile(r'<input type="text" name="([^"]+)" value="([^"]*)"')
TEXTAREA = re.compile(r'<textarea name="([^"]+)" rows="2">([^<]*)</textarea>')
CHECKED = re.compile(r'<input type="checkbox" name="([^"]+)" value="([^"]*)" checked>')
SELECT = re.compile(r'<select name="([^"]+)">(.*?)</select>', re.S)
SELECTED = re.compile(r'<option value="([^"]*)" selected>')


def token_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def form_values(page: str) -> dict:
    """Every field of the page as the browser would post it."""
    values = dict(FIELD.findall(page))
    values.update(TEXTAREA.findall(page))
    values.update(CHECKED.findall(page))  # a box not ticked is not posted
    for name, options in SELECT.findall(page):
        values[name] = (SELECTED.findall(options) or [""])[0]
    return {key: html.unescape(value) for key, value in values.items()}


def field_errors(page: str) -> list[tuple[str, str]]:
    return [(f, html.unescape(m)) for f, m in re.findall(r'<span class="error" data-field="([^"]+)">([^<]+)<', page)]
