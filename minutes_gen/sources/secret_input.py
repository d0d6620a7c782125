"""Secrets (a key file's password, a token's PIN, the mail password) come from an environment
variable or are typed at a prompt on a terminal — never from a file or the command line."""

import os
import sys

import click

from minutes_gen.errors import InputError, Problem


def read_secret(variable: str, prompt: str) -> str:
    """The value of ``variable``, else typed (hidden) after ``prompt``; without a terminal to ask
    on, an ``InputError`` that says which variable to set."""
    value = os.environ.get(variable)
    if value:
        return value
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, prompt_suffix=": ")
    raise InputError([Problem(variable, f"chưa có {prompt[0].lower() + prompt[1:]}: đặt biến môi trường {variable} "
                                        f"hoặc chạy trong cửa sổ lệnh để gõ (không bao giờ ghi trong tệp hay trên dòng lệnh)")])
