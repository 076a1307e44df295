from .pages import ProgramFormat, ProgramIndexPage, ProgramKind, ProgramPage
from .snippets import Contact, Language, Venue

__all__ = [
    "Contact",
    "Language",
    "ProgramFormat",
    "ProgramIndexPage",
    "ProgramKind",
    "ProgramPage",
    "Venue",
]
