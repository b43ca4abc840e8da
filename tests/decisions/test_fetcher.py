"""Whatever a user types into a field, the PDF renderer reaches neither the network nor
a file outside our static files and the media the document names as its own."""

import base64
import http.server
import io
import logging
import threading

import pytest
from PIL import Image

from apps.core.pdf import ResourceRefused, fetch_resource, media_paths, render_pdf
from apps.decisions import pdf, services
from tests.decisions.factories import in_window, make_draft, make_issued, make_proposed_spot
from tests.decisions.pdfs import image_count, text_of

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def spy_server():
    """A local HTTP server that records every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png_bytes())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.hits = hits
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()


def hostile_texts(server_url: str) -> list[str]:
    return [
        f'<img src="{server_url}/img.png">',
        '<img src="file:///etc/passwd">',
        f'<div style="background: url({server_url}/css.png)">x</div>',
        "<style>@import url(file:///etc/passwd); body { background: url("
        f"{server_url}/style.png) }}</style>",
        f'<link rel="stylesheet" href="{server_url}/sheet.css">',
    ]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.0.0.1:8000/admin/",
        "https://example.com/logo.png",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file:///proc/self/environ",
        "http://127.0.0.1:8000/static/../config/settings/base.py",
        "ftp://127.0.0.1/x",
        "data:text/html;base64,PGgxPkhpPC9oMT4=",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "data:image/png;base64," + "A" * 400_000,
    ],
)
def test_fetcher_refuses_what_is_not_ours(url):
    with pytest.raises(ResourceRefused):
        fetch_resource(url)


def test_fetcher_serves_our_static_files():
    response = fetch_resource("http://127.0.0.1:8000/static/css/portal.css")

    assert response.content_type == "text/css"
    assert b"portal" in response.read()


@pytest.fixture
def refusals():
    """The messages the renderer logs for what it refuses (the suite runs without
    pytest's logging plugin, so no caplog)."""
    seen = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())
    logger = logging.getLogger("apps.core.pdf")
    logger.addHandler(handler)
    yield seen
    logger.removeHandler(handler)


@pytest.fixture
def two_seals(settings):
    """The seal of this document and the seal of another, both under MEDIA_ROOT."""
    folder = settings.MEDIA_ROOT / "seals"
    folder.mkdir(parents=True)
    (folder / "ours.png").write_bytes(png_bytes())
    (folder / "theirs.png").write_bytes(png_bytes())
    return folder


def test_fetcher_serves_the_documents_own_media(two_seals):
    media = media_paths(["seals/ours.png"])

    by_path = fetch_resource((two_seals / "ours.png").as_uri(), media=media)
    by_url = fetch_resource("http://127.0.0.1:8000/media-not-served/seals/ours.png", media=media)

    assert by_path.read() == by_url.read() == png_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "file://{folder}/theirs.png",
        "file://{folder}/../seals/theirs.png",
        "http://127.0.0.1:8000/media-not-served/seals/theirs.png",
        "http://127.0.0.1:8000/media-not-served/seals/../seals/theirs.png",
    ],
)
def test_fetcher_refuses_another_documents_media(two_seals, url, refusals):
    media = media_paths(["seals/ours.png"])
    url = url.format(folder=two_seals)

    with pytest.raises(ResourceRefused):
        fetch_resource(url, media=media)

    assert refusals == [f"PDF renderer refused {url}"]


def test_fetcher_serves_no_media_unless_named(two_seals):
    with pytest.raises(ResourceRefused):
        fetch_resource((two_seals / "ours.png").as_uri())


def test_media_names_cannot_leave_media_root(settings, tmp_path):
    settings.MEDIA_ROOT.mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(png_bytes())

    assert media_paths(["../secret.png", str(tmp_path / "secret.png"), "missing.png"]) == set()


def test_fetcher_refuses_a_symlink_out_of_media(settings, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "link.png").symlink_to(secret)
    media = media_paths(["link.png"])

    with pytest.raises(ResourceRefused):
        fetch_resource((settings.MEDIA_ROOT / "link.png").as_uri(), media=media)


def test_renderer_itself_refuses_network_and_local_files(spy_server, settings, tmp_path):
    """Raw HTML, not escaped: the fetcher alone must hold."""
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes())
    html = "".join(hostile_texts(spy_server.url)) + f'<img src="{outside.as_uri()}">'

    content = render_pdf(html)

    assert spy_server.hits == []
    assert image_count(content) == 0


def test_renderer_embeds_own_media_and_inline_images_so_the_checks_can_fail(two_seals):
    inline = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()

    content = render_pdf(
        f'<img src="{(two_seals / "ours.png").as_uri()}"><img src="{inline}">',
        media={"seals/ours.png"},
    )

    assert image_count(content) == 2


def test_renderer_embeds_no_other_documents_media(two_seals):
    html = (
        f'<img src="{(two_seals / "theirs.png").as_uri()}">'
        '<img src="/media-not-served/seals/theirs.png">'
        '<img src="/media-not-served/seals/ours.png">'
    )

    named = render_pdf(html, media={"seals/ours.png"})
    unnamed = render_pdf(html)

    assert image_count(named) == 1
    assert image_count(unnamed) == 0


def test_renderer_embeds_static_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "img").mkdir(parents=True)
    (settings.STATIC_ROOT / "img" / "emblem.png").write_bytes(png_bytes())

    content = render_pdf('<img src="/static/img/emblem.png">')

    assert image_count(content) == 1


def test_hostile_text_in_every_field_is_escaped_and_fetches_nothing(
    spy_server, authority, decision_maker
):
    texts = hostile_texts(spy_server.url)
    spots = [make_proposed_spot(authority, name=text) for text in texts]
    authority.name = texts[0]
    authority.save(update_fields=["name"])
    decision = make_draft(authority, spots, by=decision_maker)
    fields = [
        f
        for f in services.decisions.EDITABLE_FIELDS
        if f not in {"number", "signed_on", "symbol", "signer"}
    ]
    services.decision_update(
        decision=decision,
        by=decision_maker,
        values={field: texts[i % len(texts)] for i, field in enumerate(fields)},
    )
    decision.refresh_from_db()

    html = pdf.decision_html(decision)
    decision_pdf = pdf.decision_pdf(decision)
    issued = services.decision_issue(decision=decision, by=decision_maker, now=in_window(spots))
    certificate = issued.certificates.order_by("serial").first()
    certificate_html = pdf.certificates_html([certificate], issued)
    certificate_pdf = pdf.certificate_pdf(certificate)

    assert "&lt;img src=" in html and '<img src="http' not in html
    assert "&lt;style&gt;" in certificate_html and "<style>@import" not in certificate_html
    assert spy_server.hits == []
    assert '<img src="file:///etc/passwd">' in text_of(decision_pdf)
    assert image_count(decision_pdf) == 0
    assert image_count(certificate_pdf) == 1  # the QR code only
    assert "root:x:0:0" not in text_of(decision_pdf) + text_of(certificate_pdf)


def test_a_genuine_certificate_pdf_embeds_only_its_qr_code(authority, decision_maker):
    spot = make_proposed_spot(authority)
    certificate = make_issued(authority, [spot], by=decision_maker).certificates.get()

    assert image_count(pdf.certificate_pdf(certificate)) == 1
