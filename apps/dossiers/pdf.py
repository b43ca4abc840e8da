"""The dossier as a PDF (WeasyPrint through apps.core.pdf, whose fetcher reaches only
our static files and the document's own media), in the order of the guidance: báo cáo tóm tắt thành
tích, đánh giá thẩm định, công văn đề nghị. Always in Vietnamese: it is a record."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.core.pdf import render_pdf
from apps.dossiers.selectors import dossier_document


def dossier_html(*, dossier) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "dossiers/pdf/dossier.html",
            dossier_document(dossier=dossier) | {"printed_at": timezone.now()},
        )


def dossier_pdf(*, dossier) -> bytes:
    return render_pdf(dossier_html(dossier=dossier))
