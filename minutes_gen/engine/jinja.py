"""The Jinja environment every template renders in, and the NFC pass over every context."""

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from minutes_gen.engine.limits import checked_binop

from minutes_gen.vn.text import nfc


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox that also cannot change lists or dicts (no ``append`` loops growing
    memory) and refuses ``*`` and ``**`` results too large to build (``engine.limits``);
    ``range`` is already capped by the sandbox (100,000 items)."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        return checked_binop(operator, left, right)


def jinja_environment(autoescape: bool = True) -> jinja2.Environment:
    """Sandboxed (no attribute tricks, no mutation, bounded ``*``/``**``), autoescaping
    (``A & B <C>`` stays text in XML), strict (a missing variable is an error), with an empty
    loader (a template cannot include or import files). ``autoescape=False`` only for values
    that are written as text, never as XML."""
    return _Sandbox(autoescape=autoescape, undefined=jinja2.StrictUndefined,
                    loader=jinja2.DictLoader({}))  # include/import find nothing


def normalise(value):
    """Return ``value`` with every string in it NFC-normalised (dicts and lists walked)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(item) for item in value]
    return value
