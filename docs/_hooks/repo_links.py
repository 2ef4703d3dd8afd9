"""A mkdocs hook: links that leave the documentation folder for another file of the
repository (``../../benches/README.md``) work on GitHub but not on the site, which holds only
``docs/``. Each such link whose file exists becomes its text and the file's path in the
repository; a link to a file that does not exist is left alone, so the strict build still
fails on it."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    docs = Path(config["docs_dir"]).resolve()
    root = docs.parent
    here = posixpath.dirname(page.file.src_uri)

    def replace(match: re.Match[str]) -> str:
        target = match["target"]
        if "://" in target or target.startswith(("#", "mailto:")):
            return match[0]
        path, _, anchor = target.partition("#")
        inside = posixpath.normpath(posixpath.join("docs", here, path))
        if inside.startswith("docs/") or inside.startswith("../"):
            return match[0]
        if not (root / inside).exists():
            return match[0]
        shown = f"{inside}#{anchor}" if anchor else inside
        return f"{match['text']} (`{shown}` in the repository)"

    return LINK.sub(replace, markdown)
