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
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from bookings.organize import attendance_documents, rosters

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

    def get_document(self, sessions=None) -> attendance_documents.AttendanceDocument:
        session_id = self.requested_session_id()
        if session_id is None:
            return attendance_documents.course_document(offering=self.offering)
        if sessions is not None:  # already loaded for the links: no second query
            session = next((s for s in sessions if s.pk == session_id), None)
            if session is None:
                raise Http404
        else:
            session = get_object_or_404(
                rosters.live_sessions(offering_id=self.offering.pk), pk=session_id
            )
        return attendance_documents.session_document(offering=self.offering, session=session)


class PrintListView(AttendanceDocumentMixin, OfferingAdminView):
    """The list as a page to print from the browser, with links to the PDF and other lists."""

    page_title = _("Print list")

    def get(self, request, *args, **kwargs):
        sessions = list(rosters.live_sessions(offering_id=self.offering.pk))
        document = self.get_document(sessions)
        pdf_url = reverse("organize:print_pdf", args=[self.offering.pk])
        if document.session is not None:
            pdf_url += f"?session={document.session.pk}"
        html = attendance_documents.render_html(
            document,
            request=request,
            extra_context={
                "toolbar": True,
                "offering": self.offering,
                "session_links": [(s, session_label(s, short=True)) for s in sessions],
                "pdf_url": pdf_url,
            },
        )
        response = HttpResponse(html)
        add_never_cache_headers(response)
        return response


class PrintPdfView(AttendanceDocumentMixin, OfferingAdminView):
    """The list as a PDF, shown in the browser (inline) and named without personal data."""

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        response = HttpResponse(
            attendance_documents.render_pdf(document), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{document.filename}"'
        add_never_cache_headers(response)
        return response


urlpatterns = [
    path("<int:offering_id>/print/", PrintListView.as_view(), name="print_list"),
    path("<int:offering_id>/print.pdf", PrintPdfView.as_view(), name="print_pdf"),
]
