import resource
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.units.services import MAP_PACKAGE_VERSION, admin_units_import


class Command(BaseCommand):
    help = (
        f"Load the current administrative map (34 provinces, 3,321 communes) from "
        f"vietnam-provinces {MAP_PACKAGE_VERSION}; a re-run updates names, never duplicates."
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
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"{summary.provinces} provinces, {summary.communes} communes/wards: "
            f"{summary.created} created, {summary.renamed} renamed "
            f"({time.perf_counter() - started:.2f} s, peak {peak_mb:.0f} MB)"
        )
