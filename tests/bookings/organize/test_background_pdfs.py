"""A list too large to make as PDF while the organizer waits is made by the task worker: the PDF
link offers to make it, the status page shows progress (also without JavaScript) and then the
file, only to the offering's organizers and administrators, and only for an hour."""

import logging
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from bookings.models import AttendancePdf, AttendancePdfStatus
from bookings.organize import attendance_documents, background_pdfs, rosters
from parentsite.management.commands.run_periodic import PERIODIC_TASKS
from tests.bookings.organize.conftest import make_course, make_organizer
from tests.conftest import read_in

NAMES = re.compile(r"Åsa Öberg \d{3}")


@pytest.fixture
def few_quick_rows(monkeypatch):
    """Lists of more than three rows count as large (the real limit is tens of households)."""
    monkeypatch.setattr(attendance_documents, "QUICK_ROWS", 3)


@pytest.fixture
def english(organizer_client):
    read_in(organizer_client, "en")
    return organizer_client


def pdf_url(offering, session=None):
    url = reverse("organize:print_pdf", args=[offering.pk])
    return f"{url}?session={session.pk}" if session else url


def status_url(pdf):
    return reverse("organize:pdf_status", args=[pdf.offering_id, pdf.pk])


def file_url(pdf):
    return reverse("organize:pdf_file", args=[pdf.offering_id, pdf.pk])


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    return "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


def households(offering) -> list[str]:
    return [booking.name for booking in rosters.participants(offering_id=offering.pk)]


def made_pdf(offering, **fields) -> AttendancePdf:
    return AttendancePdf.objects.create(
        offering=offering,
        language="en",
        status=AttendancePdfStatus.READY,
        content=b"%PDF-1.7 not a real one",
        filename=f"narvarolista-{offering.pk}.pdf",
        **fields,
    )


def test_a_small_list_is_still_a_pdf_at_once(english, course):
    assert "Åsa Öberg 000" in pdf_text(english.get(pdf_url(course)))
    assert not AttendancePdf.objects.exists()


def test_a_large_list_offers_to_make_its_pdf_in_the_background(english, course, few_quick_rows):
    response = english.get(pdf_url(course))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "This list has 6 households" in page
    assert re.search(
        r'<form method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', page
    )
    assert "Make the PDF" in page
    assert f'href="{reverse("organize:print_list", args=[course.pk])}"' in page
    assert not AttendancePdf.objects.exists()  # looking makes nothing


def test_the_worker_makes_it_and_the_status_page_then_offers_the_file(
    english, course, few_quick_rows, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(pdf_url(course))

    pdf = AttendancePdf.objects.get()
    assert response.status_code == 303
    assert response["Location"] == status_url(pdf)
    assert (pdf.status, pdf.session, pdf.language) == (AttendancePdfStatus.READY, None, "en")
    status = english.get(response["Location"])
    assert status.status_code == 200
    assert "no-store" in status["Cache-Control"]
    page = status.content.decode()
    region = page.split('id="pdf-status"', 1)[1].split("</div>", 1)[0]
    assert 'role="status"' in region
    assert 'data-pdf-status="ready"' in region
    assert "The PDF is ready." in region
    assert f'href="{file_url(pdf)}"' in region
    assert "Whole course" in page

    opened = english.get(file_url(pdf))
    text = pdf_text(opened)
    assert sorted(NAMES.findall(text)) == households(course)
    assert "Väntande" not in text
    assert opened["Content-Disposition"] == f'inline; filename="narvarolista-{course.pk}.pdf"'


def test_one_sessions_list_in_the_background(
    english, course, few_quick_rows, django_capture_on_commit_callbacks
):
    session = list(rosters.live_sessions(offering_id=course.pk))[4]
    with django_capture_on_commit_callbacks(execute=True):
        english.post(pdf_url(course, session))

    pdf = AttendancePdf.objects.get()
    assert pdf.session == session
    opened = english.get(file_url(pdf))
    assert sorted(NAMES.findall(pdf_text(opened))) == households(course)
    starts = timezone.localtime(session.starts_at)
    assert opened["Content-Disposition"].endswith(f'-{starts:%Y-%m-%d}.pdf"')


def test_while_it_is_being_made_the_page_says_so_and_can_be_reloaded(
    english, course, few_quick_rows
):
    response = english.post(pdf_url(course))  # the worker has not run: still waiting
    pdf = AttendancePdf.objects.get()

    page = english.get(response["Location"]).content.decode()

    region = page.split('id="pdf-status"', 1)[1].split("</div>", 1)[0]
    assert 'role="status"' in region
    assert 'data-pdf-status="waiting"' in region
    assert "The PDF is being made." in region
    assert f'href="{status_url(pdf)}">Check again</a>' in region  # works without JavaScript
    assert "js/pdf-status.js" in page
    assert file_url(pdf) not in page
    assert english.get(file_url(pdf)).status_code == 404


def test_a_pdf_that_failed_offers_to_try_again(english, course):
    pdf = AttendancePdf.objects.create(
        offering=course, language="en", status=AttendancePdfStatus.FAILED
    )

    page = english.get(status_url(pdf)).content.decode()

    assert "The PDF could not be made." in page
    assert f'<form method="post" action="{pdf_url(course)}">' in page
    assert english.get(file_url(pdf)).status_code == 404


def test_a_session_cancelled_before_the_worker_gets_to_it_fails_without_logging_names(
    course, caplog
):
    session = list(rosters.live_sessions(offering_id=course.pk))[2]
    pdf = background_pdfs.request_pdf(offering=course, session=session, language="sv")
    session.is_cancelled = True
    session.save()

    with caplog.at_level(logging.INFO):
        assert background_pdfs.make_attendance_pdf.call(pdf_id=str(pdf.pk)) == "failed"

    pdf.refresh_from_db()
    assert (pdf.status, pdf.content) == (AttendancePdfStatus.FAILED, None)
    assert str(pdf.pk) in caplog.text
    assert "Öberg" not in caplog.text


def test_making_it_twice_makes_it_once(course):
    pdf = background_pdfs.request_pdf(offering=course, session=None, language="sv")

    assert background_pdfs.make_attendance_pdf.call(pdf_id=str(pdf.pk)) == "ready"
    first = AttendancePdf.objects.get().content
    assert background_pdfs.make_attendance_pdf.call(pdf_id=str(pdf.pk)) == "gone"
    assert AttendancePdf.objects.get().content == first


@pytest.mark.parametrize("view", ["pdf_status", "pdf_file"])
def test_only_the_offerings_organizers_reach_it(client, course, other_course, view):
    pdf = made_pdf(course)
    url = reverse(f"organize:{view}", args=[course.pk, pdf.pk])
    client.force_login(make_organizer(other_course, username="annan"))

    assert client.get(url).status_code == 404
    # Nor under the outsider's own offering's address.
    assert (
        client.get(reverse(f"organize:{view}", args=[other_course.pk, pdf.pk])).status_code == 404
    )
    client.force_login(make_organizer(course, username="ledare2"))
    assert client.get(url).status_code == 200
    client.logout()
    response = client.get(url)
    assert response.status_code == 302  # to the admin's login
    assert b"%PDF" not in response.content


def test_an_hour_later_it_is_gone(english, course):
    old = made_pdf(course, requested_at=timezone.now() - background_pdfs.KEPT_FOR)
    fresh = made_pdf(course)

    assert english.get(file_url(old)).status_code == 404
    assert english.get(status_url(old)).status_code == 404
    assert english.get(file_url(fresh)).status_code == 200

    assert background_pdfs.delete_expired_pdfs() == 1
    assert list(AttendancePdf.objects.all()) == [fresh]
    assert background_pdfs.delete_expired_pdfs(now=timezone.now() + timedelta(hours=2)) == 1
    assert background_pdfs.delete_expired_attendance_pdfs in PERIODIC_TASKS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_through_the_database_queue(course, few_quick_rows, settings):
    """As in production (autocommit, the database queue, not the test settings' immediate
    backend): the request commits the row and leaves a task; `db_worker` makes the PDF."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.all().delete()  # Wagtail's own tasks from building the pages
    client = Client()
    client.force_login(make_organizer(course, username="ledare3"))

    client.post(pdf_url(course))

    pdf = AttendancePdf.objects.get()
    assert pdf.status == AttendancePdfStatus.WAITING
    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs["kwargs"] == {"pdf_id": str(pdf.pk)}  # an id, no personal data
    assert "Öberg" not in client.get(status_url(pdf)).content.decode()

    call_command("db_worker", "--batch", "--no-startup-delay", "--verbosity", "0")

    pdf.refresh_from_db()
    assert pdf.status == AttendancePdfStatus.READY
    assert sorted(NAMES.findall(pdf_text(client.get(file_url(pdf))))) == households(course)


def test_the_offer_to_make_it_costs_the_same_queries_for_a_longer_list(
    boss_client, make_offering, few_quick_rows
):
    small = make_course(make_offering, households=6, waiting=0, title="Liten")
    large = make_course(make_offering, households=40, waiting=0, title="Stor")

    def queries(offering) -> int:
        boss_client.get(pdf_url(offering))  # warm caches (site root paths, content types)
        with CaptureQueriesContext(connection) as captured:
            response = boss_client.get(pdf_url(offering))
        assert response["Content-Type"].startswith("text/html")
        return len(captured)

    assert queries(small) == queries(large)


def test_asking_again_while_it_is_being_made_makes_no_second_one(english, course, few_quick_rows):
    first = english.post(pdf_url(course))  # a double click: the worker has not run yet
    second = english.post(pdf_url(course))

    assert first["Location"] == second["Location"]
    assert AttendancePdf.objects.count() == 1
    english.post(pdf_url(course, list(rosters.live_sessions(offering_id=course.pk))[0]))
    assert AttendancePdf.objects.count() == 2  # another list is another PDF


def test_one_still_waiting_after_ten_minutes_counts_as_failed(english, course, few_quick_rows):
    """Its worker died, or none runs: the organizer can ask again, and gets a new one."""
    late = timezone.now() - background_pdfs.GIVEN_UP_AFTER - timedelta(seconds=1)
    stuck = AttendancePdf.objects.create(offering=course, language="en", requested_at=late)

    page = english.get(status_url(stuck)).content.decode()

    assert 'data-pdf-status="failed"' in page
    assert "The PDF could not be made." in page
    again = english.post(pdf_url(course))
    assert again["Location"] != status_url(stuck)
    assert AttendancePdf.objects.count() == 2
