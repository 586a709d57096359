"""The format of a lesson's body: plain text, with a code sample and a figure as the only extras.

- Paragraphs are separated by a blank line; a single line break stays a line break (what the
  lesson page always did with `linebreaks`).
- A code sample starts at a line of three backticks, optionally followed by its caption
  (```` ```SQL: posts per department ````), and ends at the next line of three backticks. It is
  shown as written, in a monospace block; an unclosed one runs to the end of the body.
- A figure is a line of its own in Markdown's image syntax, `![alternative text](name.svg "caption")`,
  naming a file in static/img/lessons/ (lower-case letters, digits and hyphens, .svg or .png). It
  is shown with the alternative text as its `alt` and the caption under it. Any other name, or a
  file that does not exist, leaves the line as text.

Everything is escaped: a body never adds markup of its own, only these three shapes.
"""

import re
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

FIGURE_FOLDER = "img/lessons"
FENCE = "```"
FIGURE = re.compile(
    r'^!\[(?P<alt>[^\]\n]+)\]\((?P<name>[a-z0-9][a-z0-9-]*\.(?:svg|png))(?: "(?P<caption>[^"\n]*)")?\)$'
)


@dataclass(frozen=True)
class Paragraphs:
    text: str


@dataclass(frozen=True)
class Code:
    text: str
    caption: str


@dataclass(frozen=True)
class Figure:
    path: str  # under the static root
    alt: str
    caption: str


Block = Paragraphs | Code | Figure


def lesson_blocks(body: str) -> list[Block]:
    """The body as its blocks, in order."""
    blocks: list[Block] = []
    text: list[str] = []
    code: list[str] | None = None
    caption = ""

    def flush_text() -> None:
        joined = "\n".join(text).strip("\n")
        if joined.strip():
            blocks.append(Paragraphs(joined))
        text.clear()

    for line in normalize_newlines(body).split("\n"):
        if code is not None:
            if line.strip() == FENCE:
                blocks.append(Code("\n".join(code), caption))
                code = None
            else:
                code.append(line)
        elif line.startswith(FENCE):
            flush_text()
            code, caption = [], line[len(FENCE) :].strip()
        elif (figure := _figure(line.strip())) is not None:
            flush_text()
            blocks.append(figure)
        else:
            text.append(line)
    if code is not None:
        blocks.append(Code("\n".join(code), caption))
    flush_text()
    return blocks


def _figure(line: str) -> Figure | None:
    match = FIGURE.match(line)
    if match is None:
        return None
    path = f"{FIGURE_FOLDER}/{match['name']}"
    if finders.find(path) is None:
        return None
    return Figure(path=path, alt=match["alt"].strip(), caption=(match["caption"] or "").strip())


def lesson_body_html(body: str) -> SafeString:
    """The body as HTML: paragraphs, <figure> code samples and <figure> images, all text escaped."""
    parts = []
    for block in lesson_blocks(body):
        if isinstance(block, Paragraphs):
            parts.append(mark_safe(linebreaks(block.text, autoescape=True)))  # noqa: S308 (escaped by linebreaks)
        elif isinstance(block, Code):
            caption = format_html("<figcaption>{}</figcaption>", block.caption) if block.caption else ""
            parts.append(
                format_html(
                    '<figure class="lesson-code">{}<pre tabindex="0"><code>{}</code></pre></figure>',
                    caption,
                    block.text,
                )
            )
        else:
            caption = format_html("<figcaption>{}</figcaption>", block.caption) if block.caption else ""
            parts.append(
                format_html(
                    '<figure class="lesson-figure"><img src="{}" alt="{}">{}</figure>',
                    static(block.path),
                    block.alt,
                    caption,
                )
            )
    return format_html_join("\n", "{}", ((part,) for part in parts))
