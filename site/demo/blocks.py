"""Tiny helpers that write StreamField content (BodyBlock: heading, paragraph, question)."""

import json


def heading(text: str) -> dict:
    return {"type": "heading", "value": text}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def question(text: str, answer_html: str) -> dict:
    return {"type": "question", "value": {"question": text, "answer": answer_html}}


def stream(*blocks: dict) -> str:
    """The raw JSON a StreamField accepts on assignment."""
    return json.dumps(list(blocks))
