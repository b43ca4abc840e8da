"""Every crafted file of tests/corpus/make_corpus.py through every way a file reaches
the portal, and the memory the big images cost.

Upload paths: ``AttachmentField`` (the dossier's own file, each criterion's file, the
signed letter scan), ``ProgressForm`` (progress attachments, via ``validate_upload``),
and ``inspect_upload`` itself (what ``dossier_attach``/``_store`` and
``progress_update_submit`` call behind the forms).
"""

import contextlib
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from PIL import Image

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.forms import ProgressForm
from apps.brightspots.services import progress_update_submit
from apps.core.filechecks.images import DECODE_BUDGET, MAX_IMAGE_PIXELS
from apps.core.uploads import AttachmentField, inspect_upload
from apps.dossiers.services import dossier_attach
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.corpus.make_corpus import CASES, corpus_bytes
from tests.dossiers.factories import make_dossier

ROOT = Path(__file__).resolve().parents[2]
BIG_IMAGES = [
    "jpeg_50_megapixels",
    "jpeg_200_megapixels",
    "jpeg_262_megapixels",
    "jpeg_progressive_18_megapixels",
    "jpeg_progressive_24_megapixels",
    "png_7740_square",
    "png_over_250_megapixels",
]


def _outcome_of_field(upload) -> str | None:
    try:
        AttachmentField().clean([upload])
    except ValidationError as refused:
        return refused.code
    return None


def _outcome_of_progress_form(upload) -> str | None:
    form = ProgressForm(data={"text": "Đã họp dân"}, files=MultiValueDict({"files": [upload]}))
    if form.is_valid():
        return None
    return form.errors.as_data()["files"][0].code


def _outcome_of_service_check(upload) -> str | None:
    try:
        inspect_upload(upload)
    except ValidationError as refused:
        return refused.code
    return None


UPLOAD_PATHS = {
    "attachment_field": _outcome_of_field,
    "progress_form": _outcome_of_progress_form,
    "inspect_upload": _outcome_of_service_check,
}


@pytest.mark.parametrize("path", UPLOAD_PATHS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus_file_gets_its_expected_outcome_on_every_upload_path(case, path):
    upload = SimpleUploadedFile(case.filename, corpus_bytes(case.name))

    outcome = UPLOAD_PATHS[path](upload)

    assert outcome == case.refusal


def test_corpus_holds_accepted_and_refused_files_of_every_family():
    families = {(case.filename.rsplit(".", 1)[-1], case.refusal is None) for case in CASES}

    expected = {
        (kind, accepted)
        for kind in ("pdf", "docx", "xlsx", "jpg", "png")
        for accepted in (True, False)
    }
    assert families >= expected


def test_a_checked_file_is_left_exactly_as_sent():
    data = corpus_bytes("jpeg_motion_photo")
    upload = SimpleUploadedFile("anh.jpg", data)

    inspect_upload(upload)

    assert upload.tell() == 0
    assert upload.read() == data


# ---------------------------------------------------------------- stored as sent


@pytest.mark.django_db
def test_a_50_megapixel_photo_is_stored_byte_for_byte_in_the_dossier(province, commune, officer):
    cycle = make_cycle(province, 2026)
    dossier = make_dossier(commune, cycle=cycle, filled=True, by=officer)
    data = corpus_bytes("jpeg_50_megapixels")

    attachment = dossier_attach(
        dossier=dossier, by=officer, upload=SimpleUploadedFile("Ảnh họp dân.jpg", data)
    )

    assert Path(attachment.file.path).read_bytes() == data
    assert attachment.name == "Anh-hop-dan.jpg"


@pytest.mark.django_db
def test_a_200_megapixel_photo_is_stored_byte_for_byte_with_a_progress_update(
    province, commune, officer
):
    cycle = make_cycle(province, 2026)
    spot = make_bright_spot(commune, cycle=cycle, status=BrightSpotStatus.ACKNOWLEDGED)
    data = corpus_bytes("jpeg_200_megapixels")

    with at_local(2026, 6, 10):
        update = progress_update_submit(
            bright_spot=spot,
            by=officer,
            text="Ảnh buổi họp",
            files=[SimpleUploadedFile("a.jpg", data)],
        )

    assert Path(update.attachments.get().file.path).read_bytes() == data


# ---------------------------------------------------------------- memory and limits

MEASURE = """
import os, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from apps.core.uploads import inspect_upload
from tests.corpus.make_corpus import jpeg_clean, png_clean

def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

for warm_up in (jpeg_clean(), png_clean()):  # load the codecs before measuring
    inspect_upload(SimpleUploadedFile("a", warm_up))
data = open(sys.argv[1], "rb").read()
upload = SimpleUploadedFile("a", data)
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # reset the peak to the current resident size
before = peak()
try:
    inspect_upload(upload)
    outcome = "accepted"
except ValidationError as refused:
    outcome = refused.code
print(outcome, peak() - before)
"""


@pytest.mark.parametrize("name", BIG_IMAGES)
def test_big_image_check_stays_within_the_memory_budget(name, tmp_path):
    """Pillow's and libjpeg's buffers are C allocations tracemalloc cannot see, so the
    peak resident size of a separate process is measured (it holds the file twice:
    the bytes read, and the upload's copy)."""
    path = tmp_path / "image"
    path.write_bytes(corpus_bytes(name))

    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    outcome, grown = result.stdout.split()
    expected = next(case.refusal for case in CASES if case.name == name)
    assert outcome == (expected or "accepted")
    assert int(grown) < DECODE_BUDGET + 2 * path.stat().st_size


@pytest.mark.parametrize("name", BIG_IMAGES)
def test_big_image_check_allocates_little_python_memory(name):
    upload = SimpleUploadedFile("a", corpus_bytes(name))
    tracemalloc.start()

    with contextlib.suppress(ValidationError):
        inspect_upload(upload)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert peak < DECODE_BUDGET


def test_pillow_bomb_guard_is_set_to_the_portal_limit():
    assert (Image.MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS) == (250_000_000, 250_000_000)


def test_a_photo_over_the_limit_is_refused_in_vietnamese_with_the_limit():
    upload = SimpleUploadedFile("anh.jpg", corpus_bytes("jpeg_262_megapixels"))

    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        inspect_upload(upload)

    assert refused.value.messages == [
        "Ảnh có 263 megapixel; chỉ nhận ảnh tối đa 250 megapixel. "
        "Hãy giảm kích thước ảnh rồi gửi lại."
    ]
