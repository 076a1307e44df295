"""Every organizer screen, action and export: another offering's organizer gets no data.

Organizers are assigned to offerings (`Offering.organizers`); booking administrators
(superusers or `bookings.manage_all_offerings`) see all. The same URLs opened by a superuser
show the data, so each check below would catch a leak.
"""

import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from bookings.models import (
    Attendance,
    AttendancePdf,
    AttendancePdfStatus,
    Booking,
    BookingStatus,
    OutboxMessage,
)
from bookings.organize import attendance_documents
from tests.bookings.organize.conftest import make_booking_administrator
from tests.factories import UserFactory

DENIED = (302, 403, 404)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def course_urls(course) -> dict[str, str]:
    """Every admin URL that shows something about `course` or its households."""
    session = course.sessions.order_by("starts_at")[0]
    booking = course.bookings.filter(status=BookingStatus.CONFIRMED)[0]
    organize = {
        "offering": [course.pk],
        "attendance": [course.pk],
        "session_attendance": [course.pk, session.pk],
        "print_list": [course.pk],
        "print_pdf": [course.pk],
        "export_participants": [course.pk, "csv"],
        "add_booking": [course.pk],
        "cancel_booking": [course.pk, booking.pk],
        "move_session": [course.pk, session.pk],
        "cancel_session": [course.pk, session.pk],
        "message": [course.pk],
        "capacity": [course.pk],
        "cancel_offering": [course.pk],
        "invite_interest_list": [course.pk],
    }
    urls = {name: reverse(f"organize:{name}", args=args) for name, args in organize.items()}
    urls["export_xlsx"] = reverse("organize:export_participants", args=[course.pk, "xlsx"])
    urls["print_session"] = urls["print_list"] + f"?session={session.pk}"
    urls["pdf_session"] = urls["print_pdf"] + f"?session={session.pk}"
    for view in ("edit", "delete", "history", "usage"):
        urls[f"offering_{view}"] = reverse(f"bookings_offerings:{view}", args=[course.pk])
        urls[f"session_{view}"] = reverse(f"bookings_sessions:{view}", args=[session.pk])
    pdf = made_in_background(course)
    for name in ("pdf_status", "pdf_file"):
        urls[name] = reverse(f"organize:{name}", args=[course.pk, pdf.pk])
    return urls


def made_in_background(course) -> AttendancePdf:
    """The course's grid as a PDF the worker made (bookings.organize.background_pdfs)."""
    document = attendance_documents.course_document(offering=course)
    return AttendancePdf.objects.create(
        offering=course,
        language="sv",
        status=AttendancePdfStatus.READY,
        content=attendance_documents.render_pdf(document),
        filename=document.filename,
    )


def listing_urls(course) -> dict[str, str]:
    """Listings anyone with admin access may open; they must not include `course`."""
    return {
        "offerings": reverse("bookings_offerings:index"),
        "offerings_filtered": reverse("bookings_offerings:index") + f"?program={course.program_id}",
        "sessions": reverse("bookings_sessions:index") + f"?offering={course.pk}",
        "bookings": reverse("bookings_bookings:index") + f"?offering={course.pk}",
        "outbox": reverse("bookings_outbox:index"),
        "statistics": reverse("organize:statistics") + "?year=all",
        "statistics_csv": reverse("organize:statistics_export", args=["csv"]) + "?year=all",
        "demand_csv": reverse("organize:statistics_demand_export", args=["csv"]) + "?year=all",
        "dashboard": reverse("wagtailadmin_home"),
    }


def secrets_of(course) -> list[str]:
    """What must never reach another offering's organizer."""
    bookings = list(course.bookings.all())
    return [b.name for b in bookings] + [b.phone for b in bookings] + [b.email for b in bookings]


def body(response) -> str:
    """What a person reading the response sees: cell values of a spreadsheet, the text of a
    PDF, otherwise the decoded text (bytes searched as text would miss a name inside the
    compressed XML of an .xlsx or the content streams of a PDF)."""
    if hasattr(response, "streaming_content"):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    content_type = response.get("Content-Type", "")
    if content_type.startswith(XLSX) or raw.startswith(b"PK\x03\x04"):
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    if content_type.startswith("application/pdf") or raw.startswith(b"%PDF"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)
    return raw.decode("utf-8", "replace")


@pytest.fixture
def marked_course(course, other_course):
    """The course with attendance and a queued e-mail, so every screen has data to leak."""
    session = course.sessions.order_by("starts_at")[0]
    for booking in course.bookings.filter(status=BookingStatus.CONFIRMED):
        Attendance.objects.create(booking=booking, session=session, mark="present")
    OutboxMessage.objects.create(
        kind="booking_confirmed",
        recipient=course.bookings.first().email,
        subject="x",
        body_text="x",
        booking=course.bookings.first(),
    )
    return course


def test_another_offerings_organizer_gets_nothing(outsider_client, marked_course):
    secrets = secrets_of(marked_course)
    for name, url in course_urls(marked_course).items():
        response = outsider_client.get(url)
        text = body(response)
        assert response.status_code in DENIED, (name, response.status_code)
        assert not any(secret in text for secret in secrets), name
    for name, url in listing_urls(marked_course).items():
        response = outsider_client.get(url)
        text = body(response)
        assert not any(secret in text for secret in secrets), name
        assert marked_course.title not in text, name


def test_another_offerings_organizer_changes_nothing(outsider_client, marked_course):
    def bookings_now():
        return list(Booking.objects.order_by("pk").values_list("pk", "status", "waitlist_priority"))

    before = bookings_now()
    sessions_before = list(marked_course.sessions.values_list("starts_at", "is_cancelled"))
    session = marked_course.sessions.order_by("starts_at")[0]
    booking = marked_course.bookings.filter(status=BookingStatus.CONFIRMED)[0]
    waiting = marked_course.bookings.filter(status=BookingStatus.WAITLISTED)[0]
    posts = {
        "add_booking": ([marked_course.pk], {"name": "X", "persons": "1", "language": "sv"}),
        "cancel_booking": ([marked_course.pk, booking.pk], {"reason": "x"}),
        "raise_priority": ([marked_course.pk, waiting.pk], {}),
        "offer_seat": ([marked_course.pk, waiting.pk], {}),
        "give_seat": ([marked_course.pk, waiting.pk], {}),
        "capacity": ([marked_course.pk], {"capacity": "60"}),
        "move_session": (
            [marked_course.pk, session.pk],
            {"starts_at": "2030-01-01 10:00", "ends_at": "2030-01-01 12:00"},
        ),
        "cancel_session": ([marked_course.pk, session.pk], {}),
        "message": ([marked_course.pk], {"subject": "x", "body": "x"}),
        "session_attendance": ([marked_course.pk, session.pk], {f"mark-{booking.pk}": "absent"}),
    }
    outbox_before = OutboxMessage.objects.count()
    for name, (args, data) in posts.items():
        response = outsider_client.post(reverse(f"organize:{name}", args=args), data)
        assert response.status_code in DENIED, (name, response.status_code)
    assert bookings_now() == before
    assert list(marked_course.sessions.values_list("starts_at", "is_cancelled")) == sessions_before
    assert not Attendance.objects.filter(mark="absent").exists()
    assert OutboxMessage.objects.count() == outbox_before
    marked_course.refresh_from_db()
    assert marked_course.capacity == 6


def test_a_page_editor_sees_no_bookings(client, marked_course):
    from parentsite.demo.accounts import ensure_editors_group

    editor = UserFactory(username="redaktor")
    editor.groups.add(ensure_editors_group())
    client.force_login(editor)
    secrets = secrets_of(marked_course)
    for url in [*course_urls(marked_course).values(), *listing_urls(marked_course).values()]:
        text = body(client.get(url))
        assert not any(secret in text for secret in secrets), url


def test_the_same_screens_show_data_to_the_courses_organizer_and_administrators(
    organizer_client, client, marked_course
):
    """The control: the checks above fail if access is given to the wrong people."""
    names = [b.name for b in marked_course.bookings.filter(status=BookingStatus.CONFIRMED)]
    data_screens = ["offering", "attendance", "session_attendance", "print_list"]
    urls = course_urls(marked_course)
    documents = ["export_participants", "export_xlsx", "print_pdf", "pdf_session", "pdf_file"]
    for name in [*data_screens, *documents, "print_session"]:
        response = organizer_client.get(urls[name])
        assert response.status_code == 200, name
        assert names[0] in body(response), name
    # The spreadsheet and the PDF are read as a person reads them, not searched as bytes.
    xlsx = organizer_client.get(urls["export_xlsx"])
    assert xlsx["Content-Type"].startswith(XLSX)
    assert names[0].encode() not in xlsx.content  # invisible to a search of the raw bytes
    pdf = organizer_client.get(urls["print_pdf"])
    assert pdf["Content-Type"].startswith("application/pdf")
    assert names[0].encode() not in pdf.content

    client.force_login(make_booking_administrator())
    for name in data_screens:
        response = client.get(urls[name])
        assert response.status_code == 200, name
        assert names[0] in body(response), name


def test_the_rules_of_bookings_permissions(
    course, other_course, organizer, django_assert_num_queries
):
    """The functions every screen asks, one by one: whom an offering's bookings are for."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from bookings.models import Offering
    from bookings.permissions import (
        can_manage_offering,
        require_offering_access,
        restrict_to_visible,
        sees_all_offerings,
        visible_offering,
    )

    manager = make_booking_administrator()
    gone = UserFactory(username="slutat", is_active=False)
    course.organizers.add(gone)
    offerings = Offering.objects.filter(pk__in=[course.pk, other_course.pk])

    assert (sees_all_offerings(manager), sees_all_offerings(organizer)) == (True, False)
    assert can_manage_offering(organizer, course.pk)
    assert not can_manage_offering(organizer, other_course.pk)
    # Rows that belong to no offering (an account's e-mail, of no municipality) are for
    # superusers only.
    boss = UserFactory(username="chef", is_superuser=True)
    assert [can_manage_offering(user, None) for user in (boss, manager, organizer)] == [
        True,
        False,
        False,
    ]
    require_offering_access(organizer, course.pk)  # no exception
    for user, offering_id in ((organizer, other_course.pk), (organizer, None), (gone, course.pk)):
        with pytest.raises(Http404):
            require_offering_access(user, offering_id)
    assert list(restrict_to_visible(offerings, organizer, offering_path="")) == [course]
    assert set(restrict_to_visible(offerings, manager, offering_path="")) == {course, other_course}
    # A deactivated organizer and a visitor see nothing, even where a user object is passed
    # in directly rather than through a login.
    assert not restrict_to_visible(offerings, gone, offering_path="").exists()
    assert not restrict_to_visible(offerings, AnonymousUser(), offering_path="").exists()
    bookings = Booking.objects.all()
    assert set(restrict_to_visible(bookings, organizer, offering_path="offering")) == set(
        course.bookings.all()
    )
    # The offering an organizer opens comes with what every screen shows of it.
    opened = visible_offering(organizer, course.pk)
    with django_assert_num_queries(0):
        assert (opened.program.pk, opened.venue.pk) == (course.program_id, course.venue_id)
    with pytest.raises(Http404):
        visible_offering(organizer, other_course.pk)


def test_the_courses_organizer_opens_its_offering_and_sessions_in_the_admin(
    organizer_client, marked_course
):
    """The control for the outsider's 404s on the same edit and history screens."""
    urls = course_urls(marked_course)
    for name in ("offering_edit", "offering_history", "session_edit", "session_history"):
        assert organizer_client.get(urls[name]).status_code == 200, name
