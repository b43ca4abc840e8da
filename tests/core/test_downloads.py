from apps.core.downloads import pdf_response, xlsx_response


def test_a_pdf_opens_in_the_browser_and_stays_out_of_shared_caches():
    response = pdf_response(b"%PDF-1.7", "quyet-dinh-12.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="quyet-dinh-12.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b"%PDF-1.7"


def test_a_workbook_with_a_vietnamese_name_is_saved_under_that_name():
    response = xlsx_response(b"PK", "điểm sáng.xlsx")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C4%91i%E1%BB%83m%20s%C3%A1ng.xlsx"
    )
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
