"""Render a report page in headless Chromium and read back what the browser saw.

How: the page is copied with one measuring script added first in its head, which the copy's
Content-Security-Policy allows by its hash (the page's own policy is otherwise unchanged, so
a request to any host is still blocked, and reported). The script records every error the
page meets (uncaught exceptions, rejected promises, ``console.error``, policy violations)
and, on ``load``, the layout: the viewport, the summary's box, every table's right edge and
the document's scroll width, and whether the heatmap was drawn. It writes all that as JSON
into an attribute of ``<html>``, and ``chromium --dump-dom`` prints the DOM after load.
Chromium also logs each console message on stderr (``--enable-logging=stderr``): those lines
are a second, independent record of console errors.

Why not the DevTools protocol: ``--dump-dom`` needs no websocket client, no extra package and
no timing of our own; Chromium dumps the DOM once the page has loaded.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The window the report is checked in.
WINDOW = (1280, 900)

#: Seconds one Chromium run may take (a busy 2-core machine included).
TIMEOUT = 120

MEASURE_SCRIPT = """
(function () {
  var errors = [];
  window.addEventListener("error", function (event) {
    errors.push("error: " + (event.message || (event.target && event.target.outerHTML)));
  }, true);
  window.addEventListener("unhandledrejection", function (event) {
    errors.push("rejection: " + event.reason);
  });
  document.addEventListener("securitypolicyviolation", function (event) {
    errors.push("blocked: " + event.violatedDirective + " " + event.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    errors.push("console.error: " + Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };
  window.addEventListener("load", function () {
    var root = document.documentElement;
    var summary = document.getElementById("summary");
    var box = summary ? summary.getBoundingClientRect() : null;
    var tables = Array.prototype.map.call(document.querySelectorAll("table"), function (t) {
      return Math.ceil(t.getBoundingClientRect().right);
    });
    var canvas = document.getElementById("heatmap");
    var tip = null;
    if (canvas) {  // point at the cell of row 0, column 1: the tip names that pair
      var area = canvas.getBoundingClientRect(), n = canvas.width;
      canvas.dispatchEvent(new MouseEvent("mousemove", {
        clientX: area.left + 1.5 * area.width / n, clientY: area.top + 0.5 * area.height / n,
        bubbles: true
      }));
      tip = document.getElementById("heatmap-tip").textContent;
    }
    var anchors = Array.prototype.filter.call(document.querySelectorAll('a[href^="#"]'),
      function (a) { return !document.getElementById(a.getAttribute("href").slice(1)); });
    root.setAttribute("data-layout", JSON.stringify({
      viewport: [window.innerWidth, window.innerHeight],
      clientWidth: root.clientWidth,
      scrollWidth: root.scrollWidth,
      summary: box ? [box.top, box.bottom, box.left, box.right] : null,
      tableRights: tables,
      heatmapDrawn: canvas ? canvas.getAttribute("data-drawn") : null,
      heatmapTip: tip,
      brokenAnchors: anchors.map(function (a) { return a.getAttribute("href"); }),
      sectionTops: Array.prototype.reduce.call(document.querySelectorAll("section[id]"),
        function (tops, section) {
          tops[section.id] = Math.round(section.getBoundingClientRect().top + window.scrollY);
          return tops;
        }, {}),
      errors: errors
    }));
  });
})();
"""


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def chromium() -> str:
    """The Chromium executable. A missing browser is an error, never a reason to skip: CI
    installs Debian's ``chromium`` (see ``.ci/run``)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "Chromium is needed to test the report in a browser: apt-get install chromium"
    )


_POLICY = re.compile(r'(<meta http-equiv="Content-Security-Policy" content="[^"]*?)(">)')


def instrumented(page: str, extra_script: str | None = None) -> str:
    """``page`` with the measuring script (and ``extra_script``, for the harness's own
    test) first in its head, both allowed by hash in its Content-Security-Policy."""
    scripts = [MEASURE_SCRIPT, *([extra_script] if extra_script else [])]
    match = _POLICY.search(page)
    if match is None:
        raise AssertionError("the page has no Content-Security-Policy")
    allowed = " ".join(_hash(script) for script in scripts)
    tags = "".join(f"<script>{script}</script>" for script in scripts)
    return (
        page[: match.start()]
        + match.group(1).replace("script-src ", f"script-src {allowed} ", 1)
        + match.group(2)
        + tags
        + page[match.end() :]
    )


def _run(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    width, height = WINDOW
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",  # as root (CI), Chromium refuses to start without it
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            f"--window-size={width},{height}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@dataclass
class Rendering:
    """What Chromium saw: the layout facts and errors the page recorded, and the console
    lines it logged."""

    layout: dict[str, Any]
    console: list[str]


def render(page: str, folder: Path, extra_script: str | None = None) -> Rendering:
    """Load ``page`` (instrumented) from a file in ``folder`` and read back its layout, its
    errors and its console."""
    path = folder / "instrumented.html"
    path.write_text(instrumented(page, extra_script), encoding="utf-8")
    done = _run(["--enable-logging=stderr", "--v=0", "--dump-dom", path.as_uri()])
    found = re.search(r'<html[^>]*\sdata-layout="([^"]*)"', done.stdout)
    if found is None:
        raise AssertionError(
            f"the page recorded no layout (exit {done.returncode}); stderr:\n{done.stderr[-3000:]}"
        )
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return Rendering(json.loads(html.unescape(found.group(1))), console)


def screenshot(page: str, target: Path, height: int | None = None) -> Path:
    """A PNG of the page's first screen in the test window (or in a window ``height``
    pixels tall), at ``target``."""
    source = target.with_suffix(".html")
    source.write_text(page, encoding="utf-8")
    window = [] if height is None else [f"--window-size={WINDOW[0]},{height}"]
    done = _run([f"--screenshot={target}", *window, source.as_uri()])
    if not target.exists():
        raise AssertionError(f"no screenshot (exit {done.returncode}):\n{done.stderr[-3000:]}")
    source.unlink()
    return target


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    header = path.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path} is not a PNG")
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
