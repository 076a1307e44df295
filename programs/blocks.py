"""StreamField blocks that editors use on every kind of page (program pages and site pages)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class BodyBlock(blocks.StreamBlock):
    """The rich content blocks editors may use on any page."""

    heading = blocks.CharBlock(
        form_classname="title", label=_("Heading"), template="components/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], label=_("Paragraph")
    )
    question = blocks.StructBlock(
        [
            ("question", blocks.CharBlock(label=_("Question"))),
            (
                "answer",
                blocks.RichTextBlock(features=["bold", "italic", "link", "ul"], label=_("Answer")),
            ),
        ],
        label=_("Question and answer"),
        template="components/question_block.html",
    )
