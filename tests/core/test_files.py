"""Reading uploaded text: UTF-8 with a BOM, UTF-8 or Shift_JIS, and which one it was."""

import pytest

from core.files import UnknownEncodingError, decode_text


@pytest.mark.parametrize(
    ("data", "text", "name"),
    [
        ("講座,修了".encode("cp932"), "講座,修了", "Shift_JIS (cp932)"),
        (b"\xef\xbb\xbf" + "講座".encode(), "講座", "UTF-8 (BOM)"),
        ("講座".encode(), "講座", "UTF-8"),
        (b"plain,ascii", "plain,ascii", "UTF-8"),
    ],
)
def test_decode_text_reads_utf8_bom_and_shift_jis_and_says_which(data, text, name):
    assert decode_text(data) == (text, name)


@pytest.mark.parametrize("data", ["講座".encode("utf-16"), b"\x81\x00\xff\xfe", b"\xef\xbb\xbf\xff"])
def test_decode_text_refuses_other_encodings(data):
    with pytest.raises(UnknownEncodingError):
        decode_text(data)
