"""JPEG and PNG checks that stay cheap for 200-megapixel phone photos.

1. The file's own structure is walked first (PNG chunks with their CRCs; JPEG marker
   segments and entropy-coded data up to the picture's end-of-image marker). This gives
   the dimensions without decoding and says where the picture ends.
2. Above MAX_IMAGE_PIXELS the image is refused before anything is decoded.
3. After the picture only padding may follow (NUL bytes, ASCII whitespace). For JPEG,
   three trailers that phone cameras write are allowed when well formed: further
   complete JPEG pictures (Multi-Picture Format: depth maps, HDR gain maps), an MP4
   video as a box sequence (motion photos), and a Samsung "SEFH ... SEFT" trailer.
4. The picture is decoded once by Pillow to prove it is whole, within DECODE_BUDGET:
   a baseline JPEG is decoded at 1/8 scale (``draft``: every coefficient is still read,
   only the inverse DCT is reduced), a progressive JPEG needs its full coefficient
   buffer, a PNG its full pixel buffer; an image whose decode would exceed the budget
   is refused instead of decoded.

Pillow allocates pixel buffers, and libjpeg its coefficient buffers, with C malloc:
tracemalloc does not see them, which is why the budget is computed here, up front.
"""

import io
import math
import re
import struct
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

from apps.core.filechecks import refuse
from apps.core.filechecks.polyglot import has_markup, only_padding

MAX_IMAGE_PIXELS = 250_000_000
DECODE_BUDGET = 64 * 1024 * 1024

# Pillow's own decompression-bomb guard, process-wide: it raises above twice this value
# and warns above it. Our limit is checked from the header before Pillow opens a file,
# so the guard only backs it up, and accepted images never trigger its warning.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

DAMAGED = _("The image is damaged and cannot be opened.")
TOO_MANY_PIXELS = _(
    "The image has %(pixels)s megapixels; at most %(limit)s megapixels are accepted. "
    "Reduce its size and send it again."
)
TOO_LARGE_TO_CHECK = _(
    "The image (%(width)s × %(height)s pixels) is too large to check in this format. "
    "Save it as an ordinary JPEG, or reduce its size, and send it again."
)
TRAILING_DATA = _(
    "The image has data after the end of the picture, where another file may be "
    "hidden, and is refused. If it is a motion photo, save a still copy and send that."
)
HIDDEN_MARKUP = _("The image contains hidden web page code and is refused.")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Bytes a pixel takes in Pillow's buffer after decoding, by mode (everything else: 4).
PILLOW_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2}

JPEG_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
JPEG_PROGRESSIVE = {0xC2, 0xC6, 0xCA, 0xCE}
JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
# Inside entropy-coded data, 0xFF is followed by 0x00 (stuffing), a restart marker or
# another 0xFF (fill); anything else is the next marker.
JPEG_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
# A JPEG coefficient takes 2 bytes; a block has 64.
JPEG_BLOCK_BYTES = 128


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    end: int
    progressive: bool = False
    sampling: tuple[tuple[int, int], ...] = ()


def check_image(data: bytes, extension: str) -> None:
    """Refuse ``data`` (a JPEG or a PNG by its magic bytes) unless it is one whole
    picture, within the pixel limit and the decode budget, hiding nothing."""
    layout = _jpeg_layout(data, 0) if extension == "jpg" else _png_layout(data)
    pixels = layout.width * layout.height
    if pixels > MAX_IMAGE_PIXELS:
        refuse(
            TOO_MANY_PIXELS
            % {"pixels": math.ceil(pixels / 1_000_000), "limit": MAX_IMAGE_PIXELS // 1_000_000},
            "pixels",
        )
    ends_cleanly = (
        _jpeg_trailer_ok(data, layout.end) if extension == "jpg" else only_padding(data, layout.end)
    )
    if not ends_cleanly:
        refuse(TRAILING_DATA, "polyglot")
    if has_markup(data):
        refuse(HIDDEN_MARKUP, "polyglot")
    _decode(data, extension, layout)


def _decode(data: bytes, extension: str, layout: Layout) -> None:
    expected = {"jpg": "JPEG", "png": "PNG"}[extension]
    try:
        with Image.open(io.BytesIO(data), formats=[expected]) as image:
            if image.size != (layout.width, layout.height):
                refuse(DAMAGED, "image")
            if _decode_cost(image, layout) > DECODE_BUDGET:
                refuse(
                    TOO_LARGE_TO_CHECK % {"width": layout.width, "height": layout.height},
                    "pixels",
                )
            if extension == "jpg":
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError):
        refuse(DAMAGED, "image")


def _decode_cost(image, layout: Layout) -> int:
    """Bytes the decode will allocate: the pixel buffer, plus for a progressive JPEG
    libjpeg's buffer holding every coefficient of the image at once."""
    if layout.progressive:
        h_max = max(h for h, _v in layout.sampling)
        v_max = max(v for _h, v in layout.sampling)
        blocks = sum(
            math.ceil(math.ceil(layout.width * h / h_max) / 8)
            * math.ceil(math.ceil(layout.height * v / v_max) / 8)
            for h, v in layout.sampling
        )
        return (
            blocks * JPEG_BLOCK_BYTES
            + math.ceil(layout.width / 8) * math.ceil(layout.height / 8) * 4
        )
    if image.format == "JPEG":
        return math.ceil(layout.width / 8) * math.ceil(layout.height / 8) * 4
    return layout.width * layout.height * PILLOW_BYTES_PER_PIXEL.get(image.mode, 4)


# ---------------------------------------------------------------- PNG


def _png_layout(data: bytes) -> Layout:
    """Walk the chunks from the signature to IEND, checking every CRC."""
    if not data.startswith(PNG_SIGNATURE):
        refuse(DAMAGED, "image")
    view, pos, size = memoryview(data), len(PNG_SIGNATURE), None
    while pos + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        end = pos + 12 + length
        if length > 0x7FFFFFFF or end > len(data):
            break
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(view[pos + 4 : end - 4]) != crc:
            break
        if size is None:
            if kind != b"IHDR" or length != 13:
                break
            size = struct.unpack_from(">II", data, pos + 8)
        if kind == b"IEND":
            if not (size and size[0] and size[1]):
                break
            return Layout(width=size[0], height=size[1], end=end)
        pos = end
    return refuse(DAMAGED, "image")


# ---------------------------------------------------------------- JPEG


def _jpeg_layout(data: bytes, start: int) -> Layout:
    """Walk marker segments and entropy-coded data from SOI at ``start`` to the EOI
    that ends this picture (an EXIF thumbnail's EOI sits inside a segment, skipped)."""
    if data[start : start + 2] != b"\xff\xd8":
        refuse(DAMAGED, "image")
    pos, frame = start + 2, None
    while pos < len(data) and data[pos] == 0xFF:
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1
        if pos >= len(data):
            break
        marker, pos = data[pos], pos + 1
        if marker == 0xD9:
            if frame is None:
                break
            return Layout(**frame, end=pos)
        if marker in JPEG_STANDALONE:
            continue
        if marker in (0x00, 0xD8) or pos + 2 > len(data):
            break
        (length,) = struct.unpack_from(">H", data, pos)
        if length < 2 or pos + length > len(data):
            break
        if marker in JPEG_FRAMES:
            frame = _jpeg_frame(data[pos + 2 : pos + length], marker)
        pos += length
        if marker == 0xDA:
            following = JPEG_NEXT_MARKER.search(data, pos)
            if frame is None or following is None:
                break
            pos = following.start()
    return refuse(DAMAGED, "image")


def _jpeg_frame(segment: bytes, marker: int) -> dict:
    if len(segment) < 6:
        refuse(DAMAGED, "image")
    height, width, count = struct.unpack_from(">HHB", segment, 1)
    components = segment[6 : 6 + 3 * count]
    if not (width and height and count) or len(components) != 3 * count:
        refuse(DAMAGED, "image")
    sampling = tuple((c >> 4, c & 15) for c in components[1::3])
    if any(h == 0 or v == 0 for h, v in sampling):
        refuse(DAMAGED, "image")
    return {
        "width": width,
        "height": height,
        "progressive": marker in JPEG_PROGRESSIVE,
        "sampling": sampling,
    }


def _jpeg_trailer_ok(data: bytes, pos: int) -> bool:
    """After the first picture: padding, further whole JPEG pictures, an MP4 box
    sequence, and a Samsung trailer closing the file, in that order."""
    while pos < len(data) and data.startswith(b"\xff\xd8", pos):
        try:
            pos = _jpeg_layout(data, pos).end
        except ValidationError:
            return False
    if data[pos + 4 : pos + 8] == b"ftyp":
        pos = _mp4_end(data, pos)
        if pos is None:
            return False
    return only_padding(data, pos) or _samsung_trailer_ok(data, pos)


def _mp4_end(data: bytes, pos: int) -> int | None:
    """Where an ISO base media box sequence starting at ``pos`` ends, if well formed."""
    while pos + 8 <= len(data) and not only_padding(data, pos):
        size, kind = struct.unpack_from(">I4s", data, pos)
        if size == 1 and pos + 16 <= len(data):
            (size,) = struct.unpack_from(">Q", data, pos + 8)
        elif size == 0:
            size = len(data) - pos
        if size < 8 or pos + size > len(data) or not kind.isalnum():
            return None
        pos += size
    return pos


def _samsung_trailer_ok(data: bytes, pos: int) -> bool:
    """Samsung cameras append data blocks, then a directory: "SEFH", version, count and
    one entry a block (its type, then its offset back from "SEFH" and its size, in the
    entry's last 8 bytes; entries are 12 bytes in the versions seen), then the
    directory's length and "SEFT"."""
    if len(data) - pos < 20 or not data.endswith(b"SEFT"):
        return False
    (directory_length,) = struct.unpack_from("<I", data, len(data) - 8)
    directory = len(data) - 8 - directory_length
    if directory < pos or directory_length < 12 or data[directory : directory + 4] != b"SEFH":
        return False
    (count,) = struct.unpack_from("<I", data, directory + 8)
    stride = (directory_length - 12) // count if count else 12
    if stride < 12:
        return False
    for entry in range(directory + 12, directory + 12 + stride * count, stride):
        back, size = struct.unpack_from("<II", data, entry + stride - 8)
        if directory - back < pos or directory - back + size > directory:
            return False
    return True
