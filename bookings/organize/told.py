"""Telling staff whom a change reached: "6 households get an e-mail. 1 household has no
e-mail address: call them." """

from django.contrib import messages
from django.utils.translation import ngettext


def emailed_and_unreachable(emailed: int, unreachable: int) -> str:
    """ "6 households get an e-mail. 1 household has no e-mail address: call them." """
    message = ngettext(
        "%(count)d household gets an e-mail.",
        "%(count)d households get an e-mail.",
        emailed,
    ) % {"count": emailed}
    if unreachable:
        message += " " + ngettext(
            "%(count)d household has no e-mail address: call them.",
            "%(count)d households have no e-mail address: call them.",
            unreachable,
        ) % {"count": unreachable}
    return message


def told(announcement) -> str:
    return emailed_and_unreachable(announcement.emailed, announcement.unreachable)


def report_told(request, told) -> None:
    """Tell staff how many households a change e-mailed and how many they must phone."""
    if told is not None and (told.emailed or told.unreachable):
        messages.info(request, emailed_and_unreachable(told.emailed, told.unreachable))
