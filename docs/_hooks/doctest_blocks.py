"""A griffe extension for the API reference: the docstrings' doctest examples (``>>>`` lines
and their output) become fenced ``pycon`` code blocks, and Sphinx roles such as
:func:`name` become inline code, so that Markdown neither mistakes ``[['a', 'b']]`` in an
expected output for a link nor shows the roles' markup."""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:func|class|meth|mod|attr|data|exc|obj):`~?(?P<name>[^`<]+?)(?: <[^>]+>)?`")


def fence_doctests(text: str) -> str:
    """Wraps each run of ``>>>`` lines with the output that follows, up to a blank line."""
    lines, out, inside = text.splitlines(), [], False
    indent = ""
    for line in lines:
        stripped = line.lstrip()
        if not inside and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
            inside = True
        elif inside and not stripped:
            out.append(f"{indent}```")
            inside = False
        out.append(line)
    if inside:
        out.append(f"{indent}```")
    return "\n".join(out)


def _roles_as_code(text: str) -> str:
    return ROLE.sub(
        lambda match: f"`{match['name'].split('.')[-1] if match[0].count('~') else match['name']}`",
        text,
    )


class DoctestBlocks(griffe.Extension):
    """Rewrites each object's docstring as it is loaded (see :func:`fence_doctests`)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            parts = re.split(r"(```pycon.*?```)", fence_doctests(obj.docstring.value), flags=re.S)
            obj.docstring.value = "".join(
                part if part.startswith("```pycon") else _roles_as_code(part) for part in parts
            )
