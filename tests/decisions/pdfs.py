"""Reading the PDFs we produce: text (pypdf), page sizes, fonts and images."""

import io

from pypdf import PdfReader

A4_PORTRAIT = (595, 842)
A4_LANDSCAPE = (842, 595)


def reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def text_of(content: bytes) -> str:
    """The text of every page, whitespace collapsed (lines wrap anywhere)."""
    raw = "\n".join(page.extract_text() or "" for page in reader(content).pages)
    return " ".join(raw.split())


def page_sizes(content: bytes) -> list[tuple[int, int]]:
    return [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in reader(content).pages
    ]


def font_names(content: bytes) -> set[str]:
    names = set()
    for page in reader(content).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def image_count(content: bytes) -> int:
    return sum(len(page.images) for page in reader(content).pages)


def top_margin_text(content: bytes, *, below_top_pt: float = 57) -> list[str]:
    """Per page, the text printed in the top margin (page numbers)."""
    found = []
    for page in reader(content).pages:
        height = float(page.mediabox.height)
        parts = []

        def visit(text, cm, tm, font_dict, font_size, parts=parts, height=height):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and y > height - below_top_pt:
                parts.append(text.strip())

        page.extract_text(visitor_text=visit)
        found.append(" ".join(parts))
    return found
