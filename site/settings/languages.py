"""The languages of the install: one list, read by the URLs, the language switch, Wagtail's
content languages, forms and the catalogue tests. Adding a language is a line here plus its
catalogue in locale/ (and, for staff, a translation of each page in Wagtail).

Swedish is the default and lives at the site's root; every other language under its code
(/en/, /ar/, ...). Names are written in the language itself, as a switch shows them.
"""

from django.conf.locale import LANG_INFO

LANGUAGE_CODE = "sv"

# (code, the language's own name). Order is the language switch's order.
LANGUAGES = [
    ("sv", "Svenska"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("so", "Soomaali"),
]

# Catalogues written without a native speaker's review yet; the README and each catalogue's
# header say so, and tests/test_translations.py keeps this list and the headers in step.
DRAFT_TRANSLATIONS = ["ar", "fa", "so"]

# Django knows Arabic and Persian (right to left) but not Somali.
LANG_INFO.setdefault(
    "so", {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"}
)

# Languages a parent can ask for an interpreter in when booking (names in
# bookings.models.booking.INTERPRETER_LANGUAGE_NAMES, or Django's); "other" lets them say
# another language without naming it.
INTERPRETER_LANGUAGES = ["ar", "prs", "en", "fa", "pl", "so", "ti", "tr", "uk", "other"]

# Staff publish program pages in any of the interface languages (Wagtail's own copy for
# translation, wagtail.contrib.simple_translation).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin in the languages Wagtail itself is translated into that staff use here.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
