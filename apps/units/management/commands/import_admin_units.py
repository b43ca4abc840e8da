import resource
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.units.enums import UnitKind
from apps.units.models import Unit
from apps.units.services import MAP_PACKAGE_VERSION, admin_units_import, province_unit_code

# A province, commune, ward or special zone of the map stands for its People's Committee:
# its documents are numbered "QĐ-UBND" and signed by its Chủ tịch.
PEOPLES_COMMITTEE = {"abbreviation": "UBND", "head_title": "Chủ tịch"}


def peoples_committee_fill(*, province_code: int | None = None) -> int:
    """Give the map's units (provinces and communes; of one province when given) the
    People's Committee's symbol and head title where they have none; an administrator's
    own values are kept. Returns how many fields were filled."""
    units = Unit.objects.filter(kind__in=(UnitKind.PROVINCE, UnitKind.COMMUNE))
    if province_code is not None:
        province = Unit.objects.filter(code=province_unit_code(province_code)).first()
        if province is None:
            return 0
        units = units.filter(path__startswith=province.path)
    now = timezone.now()
    return sum(
        units.filter(**{name: ""}).update(**{name: value}, updated_at=now)
        for name, value in PEOPLES_COMMITTEE.items()
    )


class Command(BaseCommand):
    help = (
        f"Load the current administrative map (34 provinces, 3,321 communes) from "
        f"vietnam-provinces {MAP_PACKAGE_VERSION}; a re-run updates names, never duplicates. "
        f"Provinces and communes without a document symbol or head title get UBND and "
        f"Chủ tịch."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            type=int,
            metavar="CODE",
            help="load only this province (package code, e.g. 40 for Nghệ An)",
        )

    def handle(self, *args, province=None, **options):
        started = time.perf_counter()
        try:
            summary = admin_units_import(province_code=province)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        peoples_committee_fill(province_code=province)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"{summary.provinces} provinces, {summary.communes} communes/wards: "
            f"{summary.created} created, {summary.renamed} renamed "
            f"({time.perf_counter() - started:.2f} s, peak {peak_mb:.0f} MB)"
        )
