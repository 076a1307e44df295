"""The content blocks editors use are labelled in the admin's language."""

from django.utils import translation

from programs.blocks import BodyBlock


def labels(block, path=""):
    """(path, label) of every block below `block`."""
    for name, child in block.child_blocks.items():
        yield f"{path}{name}", str(child.label)
        if hasattr(child, "child_blocks"):
            yield from labels(child, f"{path}{name}.")


def test_every_content_block_has_a_swedish_label():
    with translation.override("en"):
        english = dict(labels(BodyBlock()))
    with translation.override("sv"):
        swedish = dict(labels(BodyBlock()))
    assert swedish["question.answer"] == "Svar"
    untranslated = [path for path, label in swedish.items() if label == english[path]]
    assert untranslated == []
