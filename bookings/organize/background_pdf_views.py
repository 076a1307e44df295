"""The status page of a PDF made in the background (bookings.organize.background_pdfs) and
the PDF itself once it is ready.

The status page says whether the PDF is being made, ready (with a link to open it) or failed
(with a button to try again), in a status region that screen readers announce. Without
JavaScript its "Check again" link reloads it; with JavaScript (js/pdf-status.js) it fetches the
page every two seconds and puts the new status in place. Both views go through
`OfferingAdminView` (the offering's organizers and booking administrators only) and find the
PDF only among the offering's own that are still kept: any other id is a 404.
"""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from bookings.models import AttendancePdfStatus

from . import background_pdfs
from .labels import session_label
from .offering_views import OfferingAdminView
from .printing import list_url, pdf_response

WHOLE_COURSE = _("Whole course (all sessions)")


class PdfStatusView(OfferingAdminView):
    template_name = "bookings/organize/print/pdf_status.html"
    page_title = _("PDF of the list")

    def get(self, request, *args, **kwargs):
        pdf = get_object_or_404(
            background_pdfs.kept_pdfs(offering_id=self.offering.pk)
            .select_related("session")
            .defer("content"),
            pk=kwargs["pdf_id"],
        )
        response = self.render_to_response(
            self.get_context_data(
                pdf=pdf,
                status=background_pdfs.status_of(pdf),
                statuses=AttendancePdfStatus,
                what=session_label(pdf.session) if pdf.session else WHOLE_COURSE,
                deleted_at=background_pdfs.deletion_time(pdf),
                file_url=reverse("organize:pdf_file", args=[self.offering.pk, pdf.pk]),
                again_url=list_url(
                    "organize:print_pdf", offering=self.offering, session=pdf.session
                ),
                print_url=list_url(
                    "organize:print_list", offering=self.offering, session=pdf.session
                ),
            )
        )
        add_never_cache_headers(response)
        return response


class PdfFileView(OfferingAdminView):
    def get(self, request, *args, **kwargs):
        pdf = get_object_or_404(
            background_pdfs.kept_pdfs(offering_id=self.offering.pk),
            pk=kwargs["pdf_id"],
            status=AttendancePdfStatus.READY,
        )
        return pdf_response(bytes(pdf.content), pdf.filename)


urlpatterns = [
    path(
        "<id:offering_id>/print/pdf/<uuid:pdf_id>/",
        PdfStatusView.as_view(),
        name="pdf_status",
    ),
    path(
        "<id:offering_id>/print/pdf/<uuid:pdf_id>/file.pdf",
        PdfFileView.as_view(),
        name="pdf_file",
    ),
]
