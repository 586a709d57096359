"""The lesson body format (courses/lesson_body.py): paragraphs as before, code samples and figures,
and nothing else: every character of a body is escaped."""

from courses.lesson_body import Code, Figure, Paragraphs, lesson_blocks, lesson_body_html


def test_plain_text_renders_as_linebreaks_always_did():
    assert lesson_body_html("一行目\n二行目\n\n次の段落") == "<p>一行目<br>二行目</p>\n\n<p>次の段落</p>"


def test_markup_in_a_body_is_escaped_everywhere():
    body = "<script>alert(1)</script>\n\n```<b>caption</b>\n<img src=x onerror=alert(1)>\n```"

    html = lesson_body_html(body)

    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<figcaption>&lt;b&gt;caption&lt;/b&gt;</figcaption>" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_fenced_block_is_a_code_sample_kept_as_written():
    body = "前の段落\n```Python：例\ndef f():\n    return 1\n\n\nprint(f())\n```\n後の段落"

    assert lesson_blocks(body) == [
        Paragraphs("前の段落"),
        Code("def f():\n    return 1\n\n\nprint(f())", "Python：例"),
        Paragraphs("後の段落"),
    ]
    assert lesson_body_html("```\na < b\n```") == (
        '<figure class="lesson-code"><pre tabindex="0"><code>a &lt; b</code></pre></figure>'
    )


def test_an_unclosed_fence_runs_to_the_end():
    assert lesson_blocks("段落\n```\nx = 1") == [Paragraphs("段落"), Code("x = 1", "")]


def test_a_figure_line_shows_a_file_of_the_lessons_folder():
    body = '![PDCAの4つの段階。](isms-pdca-cycle.svg "図：PDCA")'

    assert lesson_blocks(body) == [Figure("img/lessons/isms-pdca-cycle.svg", "PDCAの4つの段階。", "図：PDCA")]
    assert lesson_body_html(body) == (
        '<figure class="lesson-figure"><img src="/static/img/lessons/isms-pdca-cycle.svg" '
        'alt="PDCAの4つの段階。"><figcaption>図：PDCA</figcaption></figure>'
    )


def test_a_figure_line_naming_anything_else_stays_text():
    for line in (
        "![図](missing-figure.svg)",  # no such file
        "![図](../../config/settings/base.py)",  # not a plain name in the folder
        "![図](https://evil.example/x.svg)",
        "本文の中の ![図](isms-pdca-cycle.svg) は図にならない",
    ):
        blocks = lesson_blocks(line)
        assert not any(isinstance(block, Figure) for block in blocks), line
    assert lesson_body_html('![a" onerror="x](nope.svg)') == "<p>![a&quot; onerror=&quot;x](nope.svg)</p>"


def test_quotes_in_a_figures_text_are_escaped():
    html = lesson_body_html('![図" onerror="alert(1)](isms-pdca-cycle.svg "説明<b>")')

    assert 'onerror="' not in html
    assert "<b>" not in html
    assert 'alt="図&quot; onerror=&quot;alert(1)"' in html
    assert "<figcaption>説明&lt;b&gt;</figcaption>" in html


def test_an_empty_body_renders_nothing():
    assert lesson_body_html("") == ""
    assert lesson_blocks("\n\n  \n") == []
