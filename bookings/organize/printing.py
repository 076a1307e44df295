"""Printable attendance lists: an HTML print view and the same list as a PDF (WeasyPrint).

`?session=<id>` asks for one session's list (A4 portrait); without it the whole course's
grid (A4 landscape). A session id that is not a live session of this offering gives 404.

The print view is a standalone page, not the document inside the admin chrome: it renders
the same template as the PDF (`bookings/organize/print/document.html`) as a sheet of "paper" with
a small toolbar above it (back to the offering, the other lists, Print, PDF). The print
stylesheet hides the toolbar when printing, so what comes out of the printer is the document
alone, laid out as in the PDF, without depending on how Wagtail builds its admin pages. Both
views still go through `OfferingAdminView`, so only the offering's organizers and booking
administrators get past the access check. Lists hold personal data: never cached.

A list too large to make as PDF while the organizer waits (`renders_quickly`) is made in the
background: the PDF URL then answers with a page that offers to start it (a POST), and the
worker makes it while its status page (background_pdf_views) shows progress.
"""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bookings.models import Session
from bookings.organize import attendance_documents, background_pdfs, rosters

from .labels import session_label
from .offering_views import OfferingAdminView


class AttendanceDocumentMixin:
    """Builds the requested document for `self.offering` from the `session` parameter."""

    def requested_session_id(self) -> int | None:
        value = self.request.GET.get("session", "")
        if not value:
            return None
        if not value.isdigit():
            raise Http404
        return int(value)

    def requested_session(self, sessions=None) -> Session | None:
        """The live session asked for (404 for any other), or None for the whole course."""
        session_id = self.requested_session_id()
        if session_id is None:
            return None
        if sessions is not None:  # already loaded for the links: no second query
            session = next((s for s in sessions if s.pk == session_id), None)
            if session is None:
                raise Http404
            return session
        return get_object_or_404(rosters.live_sessions(offering_id=self.offering.pk), pk=session_id)

    def get_document(self, sessions=None) -> attendance_documents.AttendanceDocument:
        session = self.requested_session(sessions)
        if session is None:
            return attendance_documents.course_document(offering=self.offering)
        return attendance_documents.session_document(offering=self.offering, session=session)


class PrintListView(AttendanceDocumentMixin, OfferingAdminView):
    """The list as a page to print from the browser, with links to the PDF and other lists."""

    page_title = _("Print list")

    def get(self, request, *args, **kwargs):
        sessions = list(rosters.live_sessions(offering_id=self.offering.pk))
        document = self.get_document(sessions)
        html = attendance_documents.render_html(
            document,
            request=request,
            extra_context={
                "toolbar": True,
                "offering": self.offering,
                "session_links": [(s, session_label(s, short=True)) for s in sessions],
                "pdf_url": list_url(
                    "organize:print_pdf", offering=self.offering, session=document.session
                ),
            },
        )
        response = HttpResponse(html)
        add_never_cache_headers(response)
        return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser (inline), named without personal data, never stored."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    add_never_cache_headers(response)
    return response


class PrintPdfView(AttendanceDocumentMixin, OfferingAdminView):
    """The list as a PDF; a list too large to make now gets a page that offers to make it in
    the background (GET), and POST asks the worker for it and goes to its status page."""

    template_name = "bookings/organize/print/pdf_request.html"
    page_title = _("PDF of the list")

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        if document.renders_quickly:
            return pdf_response(attendance_documents.render_pdf(document), document.filename)
        response = self.render_to_response(
            self.get_context_data(
                document=document,
                print_url=list_url(
                    "organize:print_list", offering=self.offering, session=document.session
                ),
            )
        )
        add_never_cache_headers(response)
        return response

    def post(self, request, *args, **kwargs):
        pdf = background_pdfs.request_pdf(
            offering=self.offering, session=self.requested_session(), language=get_language()
        )
        status_url = reverse("organize:pdf_status", args=[self.offering.pk, pdf.pk])
        return HttpResponseRedirect(status_url, status=303)


def list_url(name: str, *, offering, session: Session | None) -> str:
    """The URL `name` (print_list, print_pdf) for one session's list or the whole course's."""
    url = reverse(name, args=[offering.pk])
    return f"{url}?session={session.pk}" if session is not None else url


urlpatterns = [
    path("<id:offering_id>/print/", PrintListView.as_view(), name="print_list"),
    path("<id:offering_id>/print.pdf", PrintPdfView.as_view(), name="print_pdf"),
]
