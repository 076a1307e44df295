"""Names print with every character a parent can type: in the PDF an emoji, an Arabic, an
Ethiopic (Tigrinya), a Chinese, a Japanese (hiragana and katakana) and a Korean name are each
drawn with a font that has their glyphs, and digits stay in the list's own font (`make`
installs Debian's fonts-noto-color-emoji, fonts-noto-core and fonts-noto-cjk)."""

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from bookings.organize.attendance_documents import render_pdf, session_document
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db

NAMES = ["Sara 🌸 Ali 👨‍👩‍👧", "ليلى منصور", "ሰላም ተስፋይ", "李明 王芳", "さくら カタカナ", "김민지"]
PHONE = "070-555 03 21"
# The font family each sample character needs (spaces and dashes left out).
# Noto Sans CJK (one font for Chinese, Japanese and Korean) is "Noto Sans CJK JP", "... SC" etc.
FONT_FOR = {"🌸": "NotoColorEmoji", "👨": "NotoColorEmoji", "ሰ": "NotoSansEthiopic",
            "李": "NotoSansCJK", "王": "NotoSansCJK", "さ": "NotoSansCJK", "カ": "NotoSansCJK",
            "김": "NotoSansCJK", "ل": "DejaVuSans", "0": "DejaVuSans",
            "S": "DejaVuSans"}  # fmt: skip


def family(base_font) -> str:
    """ "/ABCDEF+Noto-Color-Emoji" -> "NotoColorEmoji"."""
    return re.sub(r"^/?[A-Z]{6}\+", "", str(base_font)).replace("-", "").replace(" ", "")


def drawn_with(pdf: bytes) -> list[tuple[str, str]]:
    """(text, font family) for each piece of text the PDF draws."""
    pieces = []

    def visit(text, _cm, _tm, font, _size):
        if text.strip() and font is not None:
            pieces.append((text, family(font["/BaseFont"])))

    for page in PdfReader(BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return pieces


@pytest.fixture
def session_list(make_offering):
    offering = make_offering(sessions=1)
    for name in NAMES:
        BookingFactory(offering=offering, name=name, phone=PHONE)
    return session_document(offering=offering, session=offering.sessions.get())


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fontconfig")
def test_the_machine_has_fonts_for_emoji_ethiopic_and_cjk_names():
    for character, wanted in FONT_FOR.items():
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [shutil.which("fc-match"), f"DejaVu Sans:charset={ord(character):x}", "family"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert family(result.stdout.split(",")[0]).startswith(wanted), (character, result.stdout)


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fontconfig")
@pytest.mark.parametrize("mark", ["✓", "✗", "⊘", " "])
def test_the_marks_font_is_monospaced_dejavu_with_every_mark(mark):
    """The course grid's PDF spaces its marks by the monospaced font's advance (print-list.css,
    .col-marks): every symbol and the space must come from that one font."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("fc-match"), f"DejaVu Sans Mono:bold:charset={ord(mark):x}", "family"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert family(result.stdout.split(",")[0].strip()) == "DejaVuSansMono", result.stdout


def test_each_character_is_drawn_with_a_font_that_has_it(session_list):
    pieces = drawn_with(render_pdf(session_list))
    for character, wanted in FONT_FOR.items():
        fonts = {font for text, font in pieces if character in text}
        assert fonts, character
        assert all(font.startswith(wanted) for font in fonts), (character, fonts)
    assert any(PHONE in text for text, _font in pieces)
