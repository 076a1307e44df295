"""Taking attendance: the check list of one session and the households x sessions grid."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from bookings.models import Attendance, BookingStatus
from bookings.services.staff import record_attendance
from tests.bookings.organize.conftest import make_course, make_organizer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(organizer):
    """The organizer reads the admin in English, so the tests can read its words."""
    profile = UserProfile.get_for_user(organizer)
    profile.preferred_language = "en"
    profile.save()


def sessions_of(offering):
    return list(offering.sessions.order_by("starts_at"))


def households_of(offering):
    return list(offering.bookings.filter(status=BookingStatus.CONFIRMED).order_by("name"))


def check_list_url(offering, session):
    return reverse("organize:session_attendance", args=[offering.pk, session.pk])


def grid_url(offering):
    return reverse("organize:attendance", args=[offering.pk])


def marks_at(session) -> dict[str, str]:
    return dict(Attendance.objects.filter(session=session).values_list("booking__name", "mark"))


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


# The check list


def test_check_list_shows_households_their_needs_and_the_session(organizer_client, course):
    session = sessions_of(course)[3]  # today, 18:00
    response = organizer_client.get(check_list_url(course, session))

    assert response.status_code == 200
    html = page(response)
    groups = html.select("fieldset.attendance-row")
    legends = [text_of(group.legend) for group in groups]
    assert legends == [
        "Åsa Öberg 000 1 person",
        "Åsa Öberg 001 2 persons",
        "Åsa Öberg 002 1 person",
        "Åsa Öberg 003 2 persons",
        "Åsa Öberg 004 1 person",
        "Åsa Öberg 005 2 persons",
    ]
    assert "Interpreter: Arabic" in text_of(groups[0])
    assert "Childcare" in text_of(groups[1])
    # A name keeps its own direction (an Arabic name before "2 persons" stays whole).
    assert text_of(groups[0].select_one("legend bdi")) == "Åsa Öberg 000"
    assert "Step-free access" in text_of(groups[2])
    assert "Väntande" not in response.content.decode()  # the waitlist is not on the list
    # Four choices per household, "not marked" chosen, inside a form with CSRF protection.
    form = html.select_one("form.attendance-form")
    assert form["method"] == "post" and form.select_one("input[name=csrfmiddlewaretoken]")
    choices = groups[0].select("input[type=radio]")
    assert [c["value"] for c in choices] == ["present", "absent", "notified", "none"]
    assert [c["value"] for c in groups[0].select("input[checked]")] == ["none"]
    assert [text_of(label) for label in groups[0].select("label")] == [
        "✓ Present",
        "✗ Absent (no-show)",
        "⊘ Absent, said so in advance",
        "Not marked yet",  # an empty box, as on the printed list
    ]
    # The words of the grid's legend (the printed lists' too).
    grid = BeautifulSoup(
        organizer_client.get(reverse("organize:attendance", args=[course.pk])).content,
        "html.parser",
    )
    legend = [text_of(item) for item in grid.select(".mark-legend__item")]
    assert [choice.lower() for choice in legend] == [
        text_of(label).lower() for label in groups[0].select("label")
    ]
    # The session's time in Stockholm, its venue, and the count.
    heading = text_of(html.select_one(".attendance-session__when"))
    assert "18:00–20:30" in heading
    assert course.venue.name in text_of(html.select_one(".attendance-session__venue"))
    assert "0 of 6 households marked present" in text_of(html.select_one(".attendance-counts"))


def test_check_list_shows_current_marks_counts_and_neighbouring_sessions(
    organizer_client, organizer, course
):
    sessions = sessions_of(course)
    first, second, *_ = households_of(course)
    record_attendance(
        session_id=sessions[3].pk, actor=organizer, marks={first.pk: "present", second.pk: "absent"}
    )

    html = page(organizer_client.get(check_list_url(course, sessions[3])))

    checked = [i["value"] for i in html.select("fieldset.attendance-row input[checked]")]
    assert checked == ["present", "absent", "none", "none", "none", "none"]
    counts = text_of(html.select_one(".attendance-counts"))
    assert "1 of 6 households marked present (1 person), 1 absent, 0 said they can't come" in counts
    assert html.select_one("a[rel=prev]")["href"] == check_list_url(course, sessions[2])
    assert html.select_one("a[rel=next]")["href"] == check_list_url(course, sessions[4])
    assert html.select_one("a[rel=prev]")["href"] != html.select_one("a[rel=next]")["href"]


def test_a_household_that_cancelled_stays_only_on_the_lists_it_was_marked_on(
    organizer_client, organizer, course
):
    held, coming = sessions_of(course)[0], sessions_of(course)[5]
    came_once = households_of(course)[2]
    record_attendance(session_id=held.pk, actor=organizer, marks={came_once.pk: "present"})
    came_once.status = BookingStatus.CANCELLED
    came_once.save()

    def names_and_count(session):
        html = page(organizer_client.get(check_list_url(course, session)))
        names = [text_of(row.legend.bdi) for row in html.select("fieldset.attendance-row")]
        return names, text_of(html.select_one(".attendance-counts"))

    names, count = names_and_count(held)
    assert came_once.name in names and len(names) == 6
    assert count.startswith("1 of 6 households marked present")
    names, count = names_and_count(coming)  # not expected there any more
    assert came_once.name not in names and len(names) == 5
    assert count.startswith("0 of 5 households marked present")
    printed = organizer_client.get(
        reverse("organize:print_list", args=[course.pk]) + f"?session={coming.pk}"
    ).content.decode()
    assert came_once.name not in printed


def test_first_session_has_no_previous_link(organizer_client, course):
    html = page(organizer_client.get(check_list_url(course, sessions_of(course)[0])))
    assert html.select_one("a[rel=prev]") is None
    assert html.select_one("a[rel=next]") is not None


def test_saving_the_check_list_stores_marks_and_says_how_many_changed(organizer_client, course):
    session = sessions_of(course)[3]
    h = households_of(course)
    data = {f"mark-{b.pk}": "none" for b in h} | {f"was-{b.pk}": "none" for b in h}
    data |= {f"mark-{h[0].pk}": "present", f"mark-{h[1].pk}": "present"}
    data |= {f"mark-{h[2].pk}": "absent"}

    response = organizer_client.post(check_list_url(course, session), data)

    assert response.status_code == 302
    assert response["Location"] == check_list_url(course, session)
    assert marks_at(session) == {h[0].name: "present", h[1].name: "present", h[2].name: "absent"}
    followed = organizer_client.get(response["Location"])
    assert "Attendance saved: 3 changes" in followed.content.decode()


def test_changing_a_mark_updates_it_and_not_marked_deletes_it(organizer_client, organizer, course):
    session = sessions_of(course)[2]
    first, second, *_ = households_of(course)
    record_attendance(
        session_id=session.pk, actor=organizer, marks={first.pk: "present", second.pk: "present"}
    )

    organizer_client.post(
        check_list_url(course, session),
        {
            f"mark-{first.pk}": "absent",
            f"was-{first.pk}": "present",
            f"mark-{second.pk}": "none",
            f"was-{second.pk}": "present",
        },
    )

    assert marks_at(session) == {first.name: "absent"}
    assert Attendance.objects.filter(session=session).count() == 1


def test_a_mark_left_as_it_was_drawn_keeps_another_leaders_change(
    organizer_client, organizer, course
):
    """Two tablets: one leader saves "present" while the other's form still shows "not
    marked" for that household; the second save must not undo the first."""
    session = sessions_of(course)[3]
    first, second, *_ = households_of(course)
    record_attendance(session_id=session.pk, actor=organizer, marks={first.pk: "present"})

    organizer_client.post(
        check_list_url(course, session),
        {
            f"mark-{first.pk}": "none",
            f"was-{first.pk}": "none",
            f"mark-{second.pk}": "present",
            f"was-{second.pk}": "none",
        },
    )

    assert marks_at(session) == {first.name: "present", second.name: "present"}


def test_each_change_is_logged_without_personal_data(organizer_client, organizer, course):
    session = sessions_of(course)[1]
    first, second, third, *_ = households_of(course)
    record_attendance(session_id=session.pk, actor=organizer, marks={third.pk: "present"})
    before = ModelLogEntry.objects.filter(action="bookings.attendance").count()

    organizer_client.post(
        check_list_url(course, session),
        {
            f"mark-{first.pk}": "present",
            f"mark-{second.pk}": "absent",
            f"mark-{third.pk}": "present",  # unchanged: no entry
        },
    )

    entries = list(ModelLogEntry.objects.filter(action="bookings.attendance").order_by("pk"))
    assert len(entries) == before + 2
    new = entries[before:]
    assert {int(entry.object_id) for entry in new} == {first.pk, second.pk}
    assert all(entry.user_id == organizer.pk for entry in new)
    assert [entry.data["mark"] for entry in new] == ["present", "absent"]
    for entry in new:
        logged = f"{entry.label} {entry.data}"
        for booking in (first, second):
            for secret in (booking.name, booking.phone, booking.email):
                assert secret not in logged


def test_marks_for_a_booking_of_another_offering_are_ignored(
    organizer_client, course, other_course
):
    session = sessions_of(course)[3]
    own = households_of(course)[0]
    foreign = households_of(other_course)[0]

    response = organizer_client.post(
        check_list_url(course, session),
        {f"mark-{own.pk}": "present", f"mark-{foreign.pk}": "present", "mark-99999": "absent"},
    )

    assert response.status_code == 302
    assert marks_at(session) == {own.name: "present"}
    assert not Attendance.objects.filter(booking=foreign).exists()


def test_waitlisted_household_cannot_be_marked(organizer_client, course):
    session = sessions_of(course)[3]
    waiting = course.bookings.filter(status=BookingStatus.WAITLISTED).first()
    organizer_client.post(check_list_url(course, session), {f"mark-{waiting.pk}": "present"})
    assert not Attendance.objects.filter(booking=waiting).exists()


def test_an_unknown_value_is_refused_and_the_form_kept(organizer_client, course):
    session = sessions_of(course)[3]
    first, second, *_ = households_of(course)

    response = organizer_client.post(
        check_list_url(course, session),
        {f"mark-{first.pk}": "present", f"mark-{second.pk}": "maybe"},
    )

    assert response.status_code == 200
    assert not Attendance.objects.filter(session=session).exists()
    html = page(response)
    assert "Choose one of the marks for every household" in text_of(html.select_one(".messages"))
    groups = html.select("fieldset.attendance-row")
    # The household's own choice stays chosen; the bad one is pointed out.
    assert [i["value"] for i in groups[0].select("input[checked]")] == ["present"]
    assert "is-invalid" in groups[1]["class"] and groups[1].select("input[checked]") == []
    error = html.select_one(f"#error-{second.pk}")
    assert error is not None and error["id"] in groups[1]["aria-describedby"]


def test_a_cancelled_session_shows_a_notice_and_refuses_marks(organizer_client, course):
    session = sessions_of(course)[5]
    session.is_cancelled = True
    session.save()
    first = households_of(course)[0]

    response = organizer_client.get(check_list_url(course, session))
    assert response.status_code == 200
    html = page(response)
    assert "This session is cancelled" in text_of(html.select_one(".help-block"))
    assert html.select("input[type=radio]") == []

    response = organizer_client.post(
        check_list_url(course, session), {f"mark-{first.pk}": "present"}
    )
    assert not Attendance.objects.filter(session=session).exists()
    followed = organizer_client.get(response["Location"])
    assert "This session is cancelled." in text_of(page(followed).select_one(".messages"))


def test_a_session_of_another_offering_is_not_found(organizer_client, course, other_course):
    other_session = sessions_of(other_course)[0]
    url = reverse("organize:session_attendance", args=[course.pk, other_session.pk])
    assert organizer_client.get(url).status_code == 404
    assert organizer_client.post(url, {}).status_code == 404


def test_an_outsider_sees_no_household_and_changes_nothing(outsider_client, course):
    session = sessions_of(course)[3]
    first = households_of(course)[0]

    for url in (check_list_url(course, session), grid_url(course)):
        response = outsider_client.get(url)
        assert "Åsa Öberg 000" not in response.content.decode()
        assert response.status_code == 404  # as for an offering that does not exist

    outsider_client.post(check_list_url(course, session), {f"mark-{first.pk}": "present"})
    assert not Attendance.objects.exists()


# The grid


def grid_rows(html) -> dict[str, list[str]]:
    """Household -> the visible text of each cell in its row."""
    return {
        text_of(row.th): [text_of(cell) for cell in row.select("td")]
        for row in html.select(".attendance-grid__table tbody tr")
    }


def test_grid_shows_marks_no_shows_and_totals(organizer_client, organizer, course):
    sessions = sessions_of(course)  # 0, 1, 2 held; 3 is today at 18:00
    h = households_of(course)

    def mark(session, marks):
        record_attendance(session_id=session.pk, actor=organizer, marks=marks)

    mark(sessions[0], {h[0].pk: "present", h[1].pk: "absent", h[2].pk: "present"})
    mark(sessions[1], {h[0].pk: "present", h[1].pk: "absent"})
    mark(sessions[2], {h[0].pk: "absent", h[4].pk: "notified"})
    # Marked ahead for a session that has not started: not counted yet.
    mark(sessions[8], {h[3].pk: "absent"})
    mark(sessions[9], {h[3].pk: "notified"})
    # A household that came once and then cancelled stays in the grid, marked as such.
    h[2].status = BookingStatus.CANCELLED
    h[2].save()

    response = organizer_client.get(grid_url(course))

    assert response.status_code == 200
    html = page(response)
    rows = grid_rows(html)
    assert list(rows) == [
        "Åsa Öberg 000",
        "Åsa Öberg 001",
        "Åsa Öberg 002 (cancelled)",
        "Åsa Öberg 003",
        "Åsa Öberg 004",
        "Åsa Öberg 005",
    ]
    # Persons, 11 sessions, present, no-shows, notified absences. Symbols carry a word for
    # screen readers.
    assert rows["Åsa Öberg 000"][1:4] == ["✓ present", "✓ present", "✗ absent (no-show)"]
    assert rows["Åsa Öberg 000"][-3:] == ["2", "1", "0"]
    assert rows["Åsa Öberg 001"][1:3] == ["✗ absent (no-show)", "✗ absent (no-show)"]
    assert rows["Åsa Öberg 001"][-3:] == ["0", "2", "0"]
    assert rows["Åsa Öberg 002 (cancelled)"][-3:] == ["1", "0", "0"]
    assert rows["Åsa Öberg 003"][9:11] == ["✗ absent (no-show)", "⊘ absent, said so in advance"]
    assert rows["Åsa Öberg 003"][-3:] == ["0", "0", "0"]
    assert rows["Åsa Öberg 004"][3] == "⊘ absent, said so in advance"
    assert rows["Åsa Öberg 004"][-3:] == ["0", "0", "1"]
    assert rows["Åsa Öberg 005"][1:12] == ["not marked yet"] * 11  # empty boxes

    footer = [text_of(cell) for cell in html.select(".attendance-grid__table tfoot td")]
    assert footer[0] == "8"  # persons of the five households still booked: 1+2+2+1+2
    assert footer[1:4] == ["2 households present", "1 household present", "0 households present"]
    assert footer[-3:] == ["3", "3", "1"]
    summary = {
        text_of(item.dt): text_of(item.dd) for item in html.select(".attendance-summary > div")
    }
    assert summary == {
        "Households booked": "5",
        "Persons booked": "8",
        "No-shows": "3",
        "Notified absences": "1",
        "Attendance rate": "43 %",  # 3 present of 7 marks at held sessions
    }


def test_grid_columns_link_to_each_sessions_check_list_and_show_which_are_held(
    organizer_client, course
):
    sessions = sessions_of(course)
    html = page(organizer_client.get(grid_url(course)))

    headers = html.select("th.attendance-grid__session")
    assert [h.a["href"] for h in headers] == [check_list_url(course, s) for s in sessions]
    when = [text_of(h.select_one(".attendance-grid__when")) for h in headers]
    assert when[:3] == ["held"] * 3
    assert when[3] in ("next", "held")  # today at 18:00: "held" once it has started
    assert when[4:] == ["upcoming"] * 7
    assert html.select_one("table caption") is not None
    assert [th["scope"] for th in html.select("thead th")] == ["col"] * len(html.select("thead th"))


def test_grid_leads_to_todays_check_list_in_one_click(organizer_client, course):
    today = sessions_of(course)[3]
    html = page(organizer_client.get(grid_url(course)))
    link = html.select_one("a.attendance-take__link")
    assert link["href"] == check_list_url(course, today)
    assert text_of(link).startswith("Take attendance: ")
    assert "18:00" in text_of(link)


def test_after_the_last_session_the_grid_leads_to_the_last_check_list(
    make_offering, organizer_client, organizer
):
    ended = make_course(make_offering, sessions=3, weeks_ago=5, title="Ended")
    ended.organizers.add(organizer)
    html = page(organizer_client.get(grid_url(ended)))
    link = html.select_one("a.attendance-take__link")
    assert link["href"] == check_list_url(ended, sessions_of(ended)[-1])


def test_grid_before_anything_is_marked(organizer_client, course):
    html = page(organizer_client.get(grid_url(course)))
    summary = {
        text_of(item.dt): text_of(item.dd) for item in html.select(".attendance-summary > div")
    }
    assert summary["Attendance rate"] == "no held session marked yet"
    assert summary["No-shows"] == "0"


# Query counts


@pytest.mark.parametrize("screen", ["grid", "check_list"])
def test_queries_do_not_grow_with_households(
    make_offering, client, screen, django_assert_num_queries
):
    small = make_course(make_offering, households=6, title="Liten")
    large = make_course(make_offering, households=30, title="Stor")
    leader = make_organizer(small, large, username="bada")
    client.force_login(leader)
    for offering in (small, large):
        session = sessions_of(offering)[1]
        marks = {b.pk: "present" if b.pk % 2 == 0 else "absent" for b in households_of(offering)}
        record_attendance(session_id=session.pk, actor=leader, marks=marks)

    def url(offering):
        if screen == "grid":
            return grid_url(offering)
        return check_list_url(offering, sessions_of(offering)[1])

    client.get(url(small))  # warm caches (content types, site root paths)
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url(small)).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        response = client.get(url(large))
    assert "Åsa Öberg 029" in response.content.decode()


def test_a_booking_administrator_sees_both_screens_in_swedish(boss_client, course):
    """Superusers see every offering; their admin is in Swedish (the default language)."""
    session = sessions_of(course)[0]
    for url in (grid_url(course), check_list_url(course, session)):
        response = boss_client.get(url)
        assert response.status_code == 200
        assert "Åsa Öberg 005" in response.content.decode()
    assert page(response).html["lang"] == "sv"
