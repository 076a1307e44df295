"""The public stylesheets name no physical side (left/right), so a right-to-left page
(`dir="rtl"`, e.g. Arabic or Persian) mirrors as a whole: they use logical properties
(margin-inline-start, inset-inline-end, text-align: start, ...) instead."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_SKELETONS = ["templates/base.html", "templates/error_page.html"]

STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
DECLARATION = re.compile(r"([-a-zA-Z]+)\s*:\s*([^;{}]+)(?=;|})")
AT_RULE_PRELUDE = re.compile(r"@[-a-z]+[^{;]*")
SIDE = re.compile(r"\b(left|right)\b", re.I)
FOUR_SIDES = {
    "margin",
    "padding",
    "inset",
    "border-width",
    "border-style",
    "border-color",
    "scroll-margin",
    "scroll-padding",
}


def is_physical(prop: str, value: str) -> bool:
    """Whether a declaration names a side, or gives the left and right sides different values."""
    words = value.replace("!important", "").split()
    four_sided = prop in FOUR_SIDES and len(words) == 4 and words[1] != words[3]
    uneven_corners = prop == "border-radius" and len(set(value.replace("/", " ").split())) > 1
    return bool(SIDE.search(prop) or SIDE.search(value)) or four_sided or uneven_corners


def physical_declarations(css: str) -> list[str]:
    """Every declaration in `css` that would not mirror on a right-to-left page."""
    css = STRING.sub('""', COMMENT.sub("", css))
    css = AT_RULE_PRELUDE.sub("", css)  # (max-width: 30em) is no declaration
    declarations = ((p.lower(), v.strip()) for p, v in DECLARATION.findall(css))
    return [f"{p}: {v}" for p, v in declarations if is_physical(p, v)]


def public_stylesheets() -> set[Path]:
    """The stylesheets the public page skeletons link, with what they @import."""
    found = set()
    for skeleton in PUBLIC_SKELETONS:
        html = (ROOT / skeleton).read_text()
        found |= {
            ROOT / "static" / href for href in re.findall(r"\{% static '([^']+\.css)' %\}", html)
        }
    pending = list(found)
    while pending:
        sheet = pending.pop()
        for name in re.findall(r"@import\s+(?:url\()?[\"']?([^\"')]+)", sheet.read_text()):
            imported = (sheet.parent / name).resolve()
            if imported not in found:
                found.add(imported)
                pending.append(imported)
    return found


def test_the_public_pages_link_the_site_stylesheets():
    names = {sheet.name for sheet in public_stylesheets()}
    assert {"site.css", "visually-hidden.css"} <= names


@pytest.mark.parametrize("sheet", sorted(public_stylesheets()), ids=lambda sheet: sheet.name)
def test_public_stylesheet_uses_logical_directions_only(sheet):
    assert physical_declarations(sheet.read_text()) == []


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-left: 1rem }",
        ".a { padding-right: 0 !important; }",
        ".a { left: 0; }",
        ".a { text-align: right; }",
        ".a { float: left; }",
        ".a { background: linear-gradient(to right, #fff, #000); }",
        ".a { border-top-left-radius: 2px; }",
        ".a { padding: 0 1rem 0 2rem; }",
        ".a { border-radius: 50% 0.3rem; }",
        "@media (min-width: 48em) { .a { margin-right: auto; } }",
    ],
)
def test_a_physical_direction_is_caught(css):
    assert physical_declarations(css) != []


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-inline-start: 1rem; padding-inline: 0 1rem; inset-inline-end: 0; }",
        ".a { text-align: start; float: inline-end; border-inline-start: 4px solid; }",
        ".a { margin: 0 1rem 0 1rem; padding: 1rem 2rem; border-radius: 50%; }",
        '.a::before { content: "left, right"; } /* margin-left in a comment */',
        "@media (max-width: 30em) { .a { top: 0; } }",
    ],
)
def test_logical_directions_pass(css):
    assert physical_declarations(css) == []
