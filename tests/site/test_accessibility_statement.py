"""The accessibility statement the law asks for: every part Digg lists, per municipality, and a
feedback form that reaches that municipality (through the outbox) and no other."""

import html
import logging
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, note
from hypothesis import strategies as st
from wagtail.models import Site

from bookings.models import EmailSettings, OutboxMessage
from parentsite.accessibility.models import DIGG_REPORT_URL, AccessibilityStatementPage
from parentsite.demo.municipalities import GNESTA, SOLLENTUNA
from parentsite.municipality import MunicipalitySettings
from tests.factories import StandardPageFactory
from tests.fuzzing import (
    SENDABLE,
    VALUES,
    address_of_length,
    assert_no_server_error,
    form_body,
    fuzz,
    rolled_back,
)
from tests.site.test_demo import demo, loaded_demo  # noqa: F401 - the demo, loaded once

MUNICIPALITIES = {"gnesta": GNESTA, "sollentuna": SOLLENTUNA}
HOSTS = {"gnesta": "127.0.0.1:8000", "sollentuna": "sollentuna.localhost:8000"}
OTHER = {"gnesta": "sollentuna", "sollentuna": "gnesta"}
MESSAGE = "Knappen Boka går inte att nå med tangentbordet på sidan för KOMET."


def visitor(place: str) -> Client:
    return Client(HTTP_HOST=HOSTS[place])


def statement_of(place: str) -> AccessibilityStatementPage:
    site = Site.objects.get(root_page__slug=MUNICIPALITIES[place].facts.home_slug)
    return AccessibilityStatementPage.objects.descendant_of(site.root_page).get()


def path_of(page) -> str:
    return page.relative_url(page.get_site())


def text_of(response) -> str:
    """The page's visible text, in one line."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


MONTHS = "januari februari mars april maj juni juli augusti september oktober november december"


def long_date(day: date) -> str:
    """A date as the Swedish page writes it: "2 november 2026"."""
    return f"{day.day} {MONTHS.split()[day.month - 1]} {day.year}"


def post_feedback(place: str, **fields):
    data = {"message": MESSAGE, "reply_address": "", "website": "", **fields}
    return visitor(place).post(path_of(statement_of(place)), data)


@pytest.mark.usefixtures("demo")
class TestTheDemoStatements:
    """Both demo municipalities' statements, the demo loaded once for all these tests; each
    test's changes are rolled back after it."""

    @pytest.mark.parametrize("place", ["gnesta", "sollentuna"])
    def test_the_statement_shows_every_part_digg_requires(self, place):
        facts = MUNICIPALITIES[place].facts
        page = statement_of(place)
        response = visitor(place).get(path_of(page))
        assert response.status_code == 200
        text = text_of(response)
        # The body and the service.
        assert f"{facts.name} ({facts.data_controller}) står bakom webbplatsen" in text
        assert f"webbplatsen Föräldrastöd i {facts.name}." in text
        # Compliance status, against the law and the standard.
        assert "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital" in text
        assert "EN 301 549" in text and "WCAG 2.1 på nivå AA" in text
        # Each known shortcoming under its reason, with the planned date or the explanation.
        assert "Bristande förenlighet med lagkraven" in text
        planned = page.shortcomings[0].value["planned_fix"]
        assert f"Vi planerar att åtgärda det senast {long_date(planned)}." in text
        assert "Innehåll som inte omfattas av lagen" in text
        assert "Innehåll som andra tar fram och som kommunen varken betalar för" in text
        # How and when it was assessed, and when the statement was last updated.
        assessed = long_date(page.assessed_on)
        assert f"Vi bedömde webbplatsen själva (självskattning) den {assessed}." in text
        updated = long_date(timezone.localdate(page.last_published_at))
        assert f"Redogörelsen uppdaterades senast den {updated}." in text
        # The feedback form, with labelled fields, and Digg's reporting form.
        body = response.content.decode()
        assert '<label class="field__label" for="id_message">' in body
        assert re.search(r'<textarea name="message"[^>]* id="id_message"', body)
        assert '<label class="field__label" for="id_reply_address">' in body
        assert f'href="{DIGG_REPORT_URL}"' in body
        assert "Anmäl bristande tillgänglighet till Digg" in text
        # Nothing of the other municipality's.
        assert MUNICIPALITIES[OTHER[place]].facts.name not in text
        # No personal data on it: it may be cached.
        assert "no-store" not in response.headers.get("Cache-Control", "")

    @pytest.mark.parametrize("place", ["gnesta", "sollentuna"])
    def test_the_footer_of_every_page_links_to_the_statement(self, place):
        page = statement_of(place)
        body = visitor(place).get("/").content.decode()
        footer = body[body.index("<footer") :]
        assert f'<a href="{path_of(page)}">Tillgänglighetsredogörelse</a>' in footer

    @pytest.mark.parametrize("place", ["gnesta", "sollentuna"])
    def test_feedback_queues_one_e_mail_to_its_own_municipality(self, place):
        page_url = path_of(statement_of(place))
        response = post_feedback(place, reply_address="sara@example.org")
        assert response.status_code == 302 and response.url == page_url
        [message] = OutboxMessage.objects.all()
        assert message.recipient == MUNICIPALITIES[place].facts.accessibility_contact
        assert message.recipient != MUNICIPALITIES[OTHER[place]].facts.accessibility_contact
        assert message.kind == "accessibility_feedback" and message.reply_to == "sara@example.org"
        assert MESSAGE in message.body_text and "sara@example.org" in message.body_text
        assert f"Föräldrastöd i {MUNICIPALITIES[place].facts.name}" in message.subject
        assert message.from_email.startswith(f'"Föräldrastöd {MUNICIPALITIES[place].facts.name}"')

    def test_the_visitor_sees_a_confirmation(self):
        client = visitor("sollentuna")
        page_url = path_of(statement_of("sollentuna"))
        response = client.post(page_url, {"message": MESSAGE}, follow=True)
        assert response.redirect_chain == [(page_url, 302)]
        assert "Tack! Ditt meddelande har skickats till oss." in text_of(response)
        assert OutboxMessage.objects.count() == 1

    def test_a_message_without_a_reply_address_says_it_cannot_be_answered(self):
        post_feedback("gnesta")
        [message] = OutboxMessage.objects.all()
        assert message.reply_to == ""
        assert "Avsändaren lämnade ingen e-postadress och kan inte få svar." in message.body_text

    def test_errors_keep_what_was_typed(self):
        response = post_feedback("gnesta", reply_address="sara(at)example.org")
        assert response.status_code == 400
        body = response.content.decode()
        assert 'id="form-errors"' in body and 'href="#id_reply_address"' in body
        assert 'value="sara(at)example.org"' in body
        assert f">\n{html.escape(MESSAGE)}</textarea>" in body
        assert not OutboxMessage.objects.exists()

    def test_an_empty_message_is_refused_and_the_address_kept(self):
        response = post_feedback("sollentuna", message="   ", reply_address="sara@example.org")
        assert response.status_code == 400
        body = response.content.decode()
        assert 'href="#id_message"' in body and 'value="sara@example.org"' in body
        assert not OutboxMessage.objects.exists()

    def test_the_honeypot_stops_bots_without_telling_them(self):
        response = post_feedback("gnesta", website="https://spam.example")
        assert response.status_code == 302  # like a message that was sent
        assert not OutboxMessage.objects.exists()
        control = post_feedback("gnesta", website="")
        assert control.status_code == 302 and OutboxMessage.objects.count() == 1

    def test_posts_are_rate_limited_like_other_public_forms(self, settings):
        settings.BOOKING_RATE_LIMITS = {"ip": "2/10m"}
        cache.clear()
        assert post_feedback("gnesta").status_code == 302
        assert post_feedback("gnesta").status_code == 302
        response = post_feedback("gnesta", reply_address="sara@example.org")
        assert response.status_code == 429
        assert 'value="sara@example.org"' in response.content.decode()
        assert OutboxMessage.objects.count() == 2
        cache.clear()

    def test_nothing_from_the_message_is_logged(self, caplog):
        with caplog.at_level(logging.DEBUG):
            post_feedback("gnesta", reply_address="sara@example.org")
            post_feedback("gnesta", reply_address="sara(at)example.org")
        assert OutboxMessage.objects.count() == 1
        assert "Knappen Boka" not in caplog.text and "sara" not in caplog.text

    def test_without_an_accessibility_contact_feedback_goes_to_the_reply_address(self):
        MunicipalitySettings.objects.filter(site__root_page__slug="gnesta").update(
            accessibility_contact=""
        )
        post_feedback("gnesta")
        [message] = OutboxMessage.objects.all()
        assert message.recipient == GNESTA.facts.contact_email  # the e-mail settings' reply-to

    def test_a_site_with_nowhere_to_send_shows_no_form_and_sends_nothing(self):
        MunicipalitySettings.objects.filter(site__root_page__slug="gnesta").update(
            accessibility_contact=""
        )
        EmailSettings.objects.filter(site__root_page__slug="gnesta").update(reply_to="")
        page = visitor("gnesta").get(path_of(statement_of("gnesta")))
        assert 'name="message"' not in page.content.decode()
        assert post_feedback("gnesta").status_code == 503
        assert not OutboxMessage.objects.exists()

    def errors_of(self, page) -> dict:
        """Why an editor cannot publish `page` as it is."""
        with pytest.raises(ValidationError) as raised:
            page.full_clean()
        return raised.value.message_dict

    def test_a_published_statement_passes(self):
        statement_of("gnesta").full_clean()

    def test_full_compliance_with_a_shortcoming_not_yet_fixed_is_refused(self):
        page = statement_of("gnesta")
        page.compliance = "full"
        assert "compliance" in self.errors_of(page)

    def test_partial_compliance_without_shortcomings_is_refused(self):
        page = statement_of("gnesta")
        page.shortcomings = []
        assert "shortcomings" in self.errors_of(page)

    def test_a_third_party_review_names_the_reviewer(self):
        page = statement_of("gnesta")
        page.assessment_method = "third_party"
        assert "assessor" in self.errors_of(page)
        page.assessor = "Funka"
        page.full_clean()

    def test_each_reason_needs_its_date_or_explanation(self):
        block = AccessibilityStatementPage.shortcomings.field.stream_block.child_blocks[
            "shortcoming"
        ]
        undated = {
            "description": "x",
            "reason": "not_fixed",
            "explanation": "",
            "planned_fix": None,
        }
        with pytest.raises(ValidationError):
            block.clean(block.to_python(undated))
        unexplained = {**undated, "reason": "disproportionate"}
        with pytest.raises(ValidationError):
            block.clean(block.to_python(unexplained))
        dated = {**undated, "planned_fix": (date.today() + timedelta(days=30)).isoformat()}
        block.clean(block.to_python(dated))


def test_a_site_that_chose_no_page_links_its_statement_in_the_footer(site_pages, client):
    home, _index = site_pages
    StandardPageFactory(parent=home, slug="tillganglighet", title="Om tillgänglighet")
    statement = AccessibilityStatementPage(
        title="Tillgänglighetsredogörelse",
        slug="redogorelse",
        compliance="full",
        assessed_on=date(2026, 11, 2),
    )
    home.add_child(instance=statement)
    footer = client.get(home.url).content.decode().partition("<footer")[2]
    assert '<a href="/redogorelse/">Tillgänglighetsredogörelse</a>' in footer
    assert "/tillganglighet/" not in footer  # the plain page by the old slug gives way
    statement.unpublish()
    footer = client.get(home.url).content.decode().partition("<footer")[2]
    assert '<a href="/tillganglighet/">Om tillgänglighet</a>' in footer  # the control


@pytest.fixture
def statement(site_pages):
    """A published statement on the default site, whose feedback goes to an address of its own."""
    home, _index = site_pages
    page = AccessibilityStatementPage(
        title="Tillgänglighetsredogörelse",
        slug="tillganglighet",
        compliance="full",
        assessed_on=date(2026, 11, 2),
    )
    home.add_child(instance=page)
    MunicipalitySettings.objects.create(
        site=page.get_site(), accessibility_contact="tillganglighet@example.org"
    )
    return page


FEEDBACK_FIELDS = {
    "message": st.one_of(st.just(MESSAGE), VALUES, st.text(SENDABLE, min_size=4990, max_size=5010)),
    "reply_address": st.one_of(
        st.just(""), st.emails(), st.integers(240, 320).map(address_of_length), VALUES
    ),
    "website": st.sampled_from(["", "", "https://spam.example"]),
}


@fuzz(max_examples=80)
@given(data=st.data())
def test_no_feedback_post_gives_a_server_error(statement, data):
    fields = data.draw(st.fixed_dictionaries(FEEDBACK_FIELDS), label="fields")
    fields |= data.draw(st.dictionaries(VALUES, VALUES, max_size=2), label="unknown")
    raw = data.draw(
        st.dictionaries(st.sampled_from(sorted(FEEDBACK_FIELDS)), st.binary(max_size=40))
    )
    fields = {name: value for name, value in fields.items() if name not in raw}
    note(f"POST {fields!r} raw={raw!r}")
    with rolled_back():
        response = Client().post(
            statement.url, form_body(fields, raw), "application/x-www-form-urlencoded"
        )
    assert_no_server_error(response, f"feedback: POST {fields!r} raw={raw!r}")


def test_staff_write_the_statement_and_choose_its_contact_in_the_admin(
    site_pages, admin_client, request
):
    home, _index = site_pages
    add = reverse(
        "wagtailadmin_pages:add", args=["parentsite", "accessibilitystatementpage", home.pk]
    )
    assert admin_client.get(add).status_code == 200
    statement = request.getfixturevalue("statement")
    assert admin_client.get(add).status_code == 302  # one statement per municipality
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[statement.pk]))
    assert edit.status_code == 200
    assert (
        'name="compliance"' in edit.content.decode()
        and 'id="shortcomings"' in edit.content.decode()
    )
    site_settings = reverse(
        "wagtailsettings:edit",
        args=["parentsite", "municipalitysettings", statement.get_site().pk],
    )
    assert 'name="accessibility_contact"' in admin_client.get(site_settings).content.decode()
