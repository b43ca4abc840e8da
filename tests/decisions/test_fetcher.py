"""Whatever a user types into a field, the PDF renderer reaches neither the network nor
a file outside our static files and media."""

import base64
import http.server
import io
import threading

import pytest
from PIL import Image

from apps.core.pdf import ResourceRefused, fetch_resource, render_pdf
from apps.decisions import pdf, services
from tests.decisions.factories import make_draft, make_issued, make_proposed_spot
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


def test_fetcher_serves_media_files(settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "logo.png").write_bytes(png_bytes())

    response = fetch_resource((settings.MEDIA_ROOT / "logo.png").as_uri())

    assert response.read() == png_bytes()


def test_fetcher_refuses_a_symlink_out_of_media(settings, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "link.png").symlink_to(secret)

    with pytest.raises(ResourceRefused):
        fetch_resource((settings.MEDIA_ROOT / "link.png").as_uri())


def test_renderer_itself_refuses_network_and_local_files(spy_server, settings, tmp_path):
    """Raw HTML, not escaped: the fetcher alone must hold."""
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes())
    html = "".join(hostile_texts(spy_server.url)) + f'<img src="{outside.as_uri()}">'

    content = render_pdf(html)

    assert spy_server.hits == []
    assert image_count(content) == 0


def test_renderer_embeds_a_media_image_so_the_check_above_can_fail(settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "logo.png").write_bytes(png_bytes())
    inline = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()

    content = render_pdf(
        f'<img src="{(settings.MEDIA_ROOT / "logo.png").as_uri()}"><img src="{inline}">'
    )

    assert image_count(content) == 2


def test_hostile_text_in_every_field_is_escaped_and_fetches_nothing(
    spy_server, authority, decision_maker
):
    texts = hostile_texts(spy_server.url)
    spots = [make_proposed_spot(authority, name=text) for text in texts]
    authority.name = texts[0]
    authority.save(update_fields=["name"])
    decision = make_draft(authority, spots, by=decision_maker)
    fields = [
        f for f in services.decisions.EDITABLE_FIELDS if f not in {"number", "signed_on", "symbol"}
    ]
    services.decision_update(
        decision=decision,
        by=decision_maker,
        values={field: texts[i % len(texts)] for i, field in enumerate(fields)},
    )
    decision.refresh_from_db()

    html = pdf.decision_html(decision)
    decision_pdf = pdf.decision_pdf(decision)
    issued = services.decision_issue(decision=decision, by=decision_maker)
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
