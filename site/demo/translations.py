"""The demo's pages in other languages: Gnesta's home page, program list and KOMET 3–11 in
Arabic and English, made the way staff make them (Wagtail's copy for translation, then edited
and published). Other pages stay untranslated, so the demo shows both: a translated program,
and the Swedish text with a note. The Arabic is a draft, like the Arabic catalogue."""

from wagtail.models import Locale, Page

from programs.models import ProgramPage

from .blocks import paragraph, stream

TRANSLATIONS = {
    "ar": {
        "home": {
            "title": "دعم الوالدين في غنيستا",
            "intro": "برامج ولقاءات مجانية للآباء والأمهات.",
        },
        "index": {"title": "برامج الوالدين", "intro": ""},
        "komet-3-11": {
            "title": "كوميت 3–11",
            "audience": "آباء وأمهات الأطفال من 3 إلى 11 سنة",
            "intro": (
                "دورة لك إذا كنت تتشاجر كثيرًا مع طفلك وتريد أن تجد طرقًا أهدأ لتدبير الحياة "
                "اليومية معًا."
            ),
            "easy_read_summary": (
                "كوميت دورة للوالدين. عمر طفلك من 3 إلى 11 سنة. تتشاجرون كثيرًا في البيت. "
                "في الدورة تتعلم طرقًا جديدة للحديث مع طفلك. الدورة 11 أمسية، أمسية واحدة "
                "في الأسبوع. الدورة مجانية."
            ),
            "body": stream(
                paragraph(
                    "<p>تلتقي مجموعة صغيرة من الآباء والأمهات مع قائدين مدرَّبين مرة في "
                    "الأسبوع. يمكن حجز مترجم فوري عند الحجز.</p>"
                )
            ),
        },
    },
    "en": {
        "home": {
            "title": "Parent support in Gnesta",
            "intro": "Free programs and meetups for parents.",
        },
        "index": {"title": "Parent programs", "intro": ""},
        "komet-3-11": {
            "title": "KOMET 3–11",
            "audience": "Parents of children aged 3–11",
            "intro": (
                "A course for you who often end up in conflict with your child and want calmer "
                "ways through everyday life together."
            ),
            "easy_read_summary": (
                "KOMET is a course for parents. Your child is 3 to 11 years old. You often "
                "argue at home. On the course you learn new ways to talk with your child. The "
                "course is 11 evenings, one evening a week. The course is free."
            ),
            "body": stream(
                paragraph(
                    "<p>A small group of parents meets two trained group leaders once a week. "
                    "You can ask for an interpreter when you book.</p>"
                )
            ),
        },
    },
}


def _translate(page: Page, locale: Locale, fields: dict) -> Page:
    copy = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def translate_pages(program: ProgramPage) -> None:
    """`program`, its program list and home page in each language of TRANSLATIONS."""
    index = program.get_parent().specific
    home = index.get_parent().specific
    for code, texts in TRANSLATIONS.items():
        locale = Locale.objects.get(language_code=code)
        _translate(home, locale, texts["home"])
        _translate(index, locale, texts["index"])
        _translate(program, locale, texts[program.slug])
