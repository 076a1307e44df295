"""Printable attendance lists: an HTML print view and the same list as a PDF (WeasyPrint)."""

from django.urls import path

from .offering_views import OfferingAdminView


class PrintListView(OfferingAdminView):  # placeholder, replaced by the printing work
    pass


class PrintPdfView(OfferingAdminView):  # placeholder
    pass


urlpatterns = [
    path("<int:offering_id>/print/", PrintListView.as_view(), name="print_list"),
    path("<int:offering_id>/print.pdf", PrintPdfView.as_view(), name="print_pdf"),
]
