"""The one PDF renderer of the portal (WeasyPrint), with a fetcher that reaches only
our own static files and the media files the caller names for this document.

Whatever a user typed into a field, nothing in a rendered document can make the
renderer open a network connection, read a file outside the static trees, or embed
another document's uploads (another unit's seal, someone's attachment): every URL goes
through :class:`PortalURLFetcher`, which maps our own URLs to files on disk and
refuses (and logs) the rest. Templates escape user text as well; the fetcher is the
second wall.

    from apps.core.pdf import render_pdf
    pdf_bytes = render_pdf(render_to_string("decisions/pdf/decision.html", context))

A document that shows an upload names it: ``render_pdf(html, media={seal.name})``
(``FieldFile.name``, relative to MEDIA_ROOT) with ``<img src="{{ seal.url }}">`` in the
template. Without ``media`` no media file is served. Small images such as QR codes go
inline as ``data:`` URLs and need nothing.

Relative URLs (``{% static "x.css" %}`` gives ``/static/x.css``) resolve against
``settings.SITE_URL`` and are served from disk, never fetched over HTTP.
"""

import base64
import binascii
import functools
import logging
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DATA_URL_BYTES = 256 * 1024
DATA_URL_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


class ResourceRefused(ValueError):
    """The renderer asked for something outside our static files and the document's
    own media."""


def render_pdf(
    html: str, *, base_url: str | None = None, target=None, media: Iterable[str] = ()
) -> bytes | None:
    """Render ``html`` to PDF bytes (or into ``target``, a path or file object).

    ``base_url`` resolves relative URLs; the default is ``settings.SITE_URL``.
    ``media``: the media files (names relative to MEDIA_ROOT) this document may embed.
    """
    return render_document(html, base_url=base_url, media=media).write_pdf(target)


def render_document(html: str, *, base_url: str | None = None, media: Iterable[str] = ()):
    """Lay ``html`` out without writing it: a WeasyPrint ``Document`` whose pages
    can be joined with other documents' (``first.copy(pages).write_pdf()``)."""
    from weasyprint import HTML  # slow import: only where a PDF is made

    return HTML(
        string=html,
        base_url=base_url or _site_base(),
        url_fetcher=portal_url_fetcher(media=media),
    ).render()


def portal_url_fetcher(*, media: Iterable[str] = ()):
    """A fresh fetcher instance (WeasyPrint keeps per-request state on it) serving
    static files and the named ``media``."""
    return _fetcher_class()(media=media_paths(media))


def media_paths(names: Iterable[str]) -> frozenset[Path]:
    """The files behind media ``names`` (relative to MEDIA_ROOT), resolved; a name
    that leads outside MEDIA_ROOT or to no file is left out."""
    root = Path(settings.MEDIA_ROOT).resolve()
    paths = set()
    for name in names:
        try:
            path = (root / name).resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if path.is_relative_to(root):
            paths.add(path)
    return frozenset(paths)


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class PortalURLFetcher(URLFetcher):
        """Never opens a connection: every URL goes through :func:`fetch_resource`."""

        def __init__(self, *, media: frozenset[Path] = frozenset()):
            super().__init__()
            self.media = media

        def fetch(self, url, headers=None):
            return fetch_resource(url, media=self.media)

    return PortalURLFetcher


def fetch_resource(url: str, *, media: frozenset[Path] = frozenset(), response_class=None):
    """Serve ``url`` if it is one of our static files, one of the ``media`` files (see
    :func:`media_paths`) or a small inline image; raise :class:`ResourceRefused` for
    anything else."""
    response_class = response_class or _response_class()
    if url[:5].lower() == "data:":
        body, content_type = _data_url(url)
        return response_class(url, body, {"Content-Type": content_type})
    path = _local_path(url, media)
    if path is None:
        logger.warning("PDF renderer refused %s", url[:200])
        raise ResourceRefused(f"refused: {url[:200]}")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return response_class(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def _response_class():
    from weasyprint.urls import URLFetcherResponse

    return URLFetcherResponse


def _site_base() -> str:
    return settings.SITE_URL.rstrip("/") + "/"


def _data_url(url: str) -> tuple[bytes, str]:
    """Only small base64 images: enough for a QR code or a logo."""
    header, _, payload = url[5:].partition(",")
    parts = [p.strip().lower() for p in header.split(";")]
    if parts[0] not in DATA_URL_TYPES or "base64" not in parts[1:]:
        raise ResourceRefused("refused data URL: only base64 images are allowed")
    if len(payload) > MAX_DATA_URL_BYTES * 4 // 3 + 4:
        raise ResourceRefused("refused data URL: too large")
    try:
        return base64.b64decode(unquote(payload), validate=True), parts[0]
    except (binascii.Error, ValueError):
        raise ResourceRefused("refused data URL: not base64") from None


def _local_path(url: str, media: frozenset[Path]) -> Path | None:
    """The file on disk behind ``url`` when it is a static file or one of ``media``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file" and parts.netloc in ("", "localhost"):
        return _allowed_file(Path(unquote(parts.path)), media)
    if scheme in ("http", "https") and _is_own_origin(parts):
        return _own_url_path(unquote(parts.path), media)
    return None


def _is_own_origin(parts) -> bool:
    site = urlsplit(_site_base())
    return (parts.scheme.lower(), parts.netloc.lower()) == (site.scheme, site.netloc.lower())


def _own_url_path(path: str, media: frozenset[Path]) -> Path | None:
    """``/static/...`` from STATIC_ROOT or the finders; ``MEDIA_URL...`` from MEDIA_ROOT
    when it is one of ``media``. Any other path of our own site (pages, the admin) is
    refused: it is never fetched."""
    if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
        relative = path[len(settings.STATIC_URL) :]
        if ".." in Path(relative).parts:
            return None
        candidates = [Path(settings.STATIC_ROOT) / relative] if settings.STATIC_ROOT else []
        found = finders.find(relative)
        candidates += [Path(found)] if found else []
        return next((p for p in (_allowed_file(c, media) for c in candidates) if p), None)
    if settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
        relative = path[len(settings.MEDIA_URL) :]
        return _allowed_file(Path(settings.MEDIA_ROOT) / relative, media)
    return None


def _allowed_file(path: Path, media: frozenset[Path]) -> Path | None:
    """``path`` resolved (symlinks and ``..`` followed) if it is a regular, not too
    large file under one of the static roots or one of ``media``."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_file() or real.stat().st_size > MAX_FILE_BYTES:
        return None
    if real in media:
        return real
    if real.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        return None  # another document's upload, even were a static root to overlap
    if any(real.is_relative_to(root) for root in static_roots()):
        return real
    return None


def static_roots() -> list[Path]:
    """STATIC_ROOT, STATICFILES_DIRS and the app static folders."""
    roots = [settings.STATIC_ROOT]
    for entry in settings.STATICFILES_DIRS:
        roots.append(entry[1] if isinstance(entry, tuple | list) else entry)
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(getattr(storage, "location", None))
    resolved = []
    for root in roots:
        if root:
            try:
                resolved.append(Path(root).resolve())
            except OSError:
                continue
    return resolved
