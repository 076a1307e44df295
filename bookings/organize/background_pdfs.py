"""PDFs of attendance lists too large to make while the organizer waits, made by the worker.

A list with more rows than `attendance_documents.QUICK_ROWS` takes seconds to render (300
households: several seconds of CPU). The organizer asks for it (`request_pdf`): that stores a
waiting `AttendancePdf` and, once the row is committed, enqueues `make_attendance_pdf`; the
worker renders the list as the PDF view would and keeps the bytes on the row, and the status
page (background_pdf_views) shows progress and then offers the file. The list is built when
the worker makes it, so it shows the marks of that moment.

The PDF holds personal data: it is reached only under its offering's URL, by an unguessable
id, and deleted `KEPT_FOR` after it was asked for (each request and a periodic job delete what
is older). Nothing about a household is logged, not even when rendering fails.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django_tasks import task

from bookings.models import AttendancePdf, AttendancePdfStatus, Offering, Session

from . import attendance_documents, rosters

logger = logging.getLogger(__name__)

KEPT_FOR = timedelta(hours=1)
# A PDF still waiting after this long is shown as failed (its worker died, or none runs), so
# that the organizer can ask again; 300 households take seconds.
GIVEN_UP_AFTER = timedelta(minutes=10)


class SessionGone(Exception):  # noqa: N818 - says what happened, not that it is an error
    """The session was cancelled (or deleted) after its list was asked for."""


def kept_pdfs(*, offering_id: int, now: datetime | None = None) -> QuerySet[AttendancePdf]:
    """The offering's requested PDFs that are still kept."""
    now = now or timezone.now()
    return AttendancePdf.objects.filter(offering_id=offering_id, requested_at__gt=now - KEPT_FOR)


def deletion_time(pdf: AttendancePdf) -> datetime:
    return pdf.requested_at + KEPT_FOR


def status_of(pdf: AttendancePdf, *, now: datetime | None = None) -> str:
    """The status to show: a PDF waiting longer than `GIVEN_UP_AFTER` counts as failed."""
    now = now or timezone.now()
    if pdf.status == AttendancePdfStatus.WAITING and pdf.requested_at < now - GIVEN_UP_AFTER:
        return AttendancePdfStatus.FAILED
    return pdf.status


def request_pdf(*, offering: Offering, session: Session | None, language: str) -> AttendancePdf:
    """Ask the worker for the list's PDF (the course grid when `session` is None). The same
    list asked for again while it is being made (a double click) is that one."""
    now = timezone.now()
    delete_expired_pdfs(now=now)
    pdf = (
        kept_pdfs(offering_id=offering.pk, now=now)
        .filter(
            session=session,
            language=language,
            status=AttendancePdfStatus.WAITING,
            requested_at__gte=now - GIVEN_UP_AFTER,
        )
        .defer("content")
        .first()
    )
    if pdf is not None:
        return pdf
    pdf = AttendancePdf.objects.create(offering=offering, session=session, language=language)
    transaction.on_commit(lambda: make_attendance_pdf.enqueue(pdf_id=str(pdf.pk)))
    return pdf


def delete_expired_pdfs(*, now: datetime | None = None) -> int:
    """Delete the PDFs asked for more than `KEPT_FOR` ago. Idempotent."""
    now = now or timezone.now()
    deleted, _by_model = AttendancePdf.objects.filter(requested_at__lte=now - KEPT_FOR).delete()
    return deleted


def requested_document(pdf: AttendancePdf) -> attendance_documents.AttendanceDocument:
    """The list `pdf` asks for, as it is now."""
    offering = Offering.objects.select_related("program", "venue").get(pk=pdf.offering_id)
    if pdf.session_id is None:
        return attendance_documents.course_document(offering=offering)
    session = rosters.live_sessions(offering_id=offering.pk).filter(pk=pdf.session_id).first()
    if session is None:
        raise SessionGone
    return attendance_documents.session_document(offering=offering, session=session)


@task()
def make_attendance_pdf(pdf_id: str) -> str:
    """Render a requested PDF and keep it on its row. Safe to run twice: only a waiting row is
    made, and only a waiting row takes the result."""
    pdf = AttendancePdf.objects.filter(pk=pdf_id, status=AttendancePdfStatus.WAITING).first()
    if pdf is None:
        return "gone"
    waiting = AttendancePdf.objects.filter(pk=pdf.pk, status=AttendancePdfStatus.WAITING)
    try:
        with translation.override(pdf.language):
            document = requested_document(pdf)
            content = attendance_documents.render_pdf(document)
    except Exception as error:
        # The class only: a message could quote a name from the list.
        logger.error("attendance PDF %s failed: %s", pdf.pk, type(error).__name__)
        waiting.update(status=AttendancePdfStatus.FAILED, finished_at=timezone.now())
        return "failed"
    waiting.update(
        status=AttendancePdfStatus.READY,
        content=content,
        filename=document.filename,
        finished_at=timezone.now(),
    )
    return "ready"


@task()
def delete_expired_attendance_pdfs() -> int:
    """The periodic job: `delete_expired_pdfs()` now."""
    return delete_expired_pdfs()
