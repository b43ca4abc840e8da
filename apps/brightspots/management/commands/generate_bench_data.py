"""manage.py generate_bench_data --units 3500 --years 5

A synthetic province for benchmarks (see apps/brightspots/benchdata.py). Refuses to
overwrite an existing province with the same code unless --replace is given.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from apps.brightspots.benchdata import delete_province, generate_province
from apps.units.models import Unit


class Command(BaseCommand):
    help = "Generate a benchmark province: units, cycles and years of bright spots."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=3500)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--code", default="BENCH", help="code of the province unit")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--replace", action="store_true", help="delete it first if present")

    def handle(self, *args, units, years, code, seed, replace, **options):
        if units < 50:
            raise CommandError("--units must be at least 50.")
        if Unit.objects.filter(code=code).exists():
            if not replace:
                raise CommandError(f"A unit with code {code} exists; pass --replace.")
            delete_province(code)
        started = time.perf_counter()
        generated = generate_province(code=code, units=units, years=years, seed=seed)
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{key} {value}" for key, value in generated.counts.items())
        self.stdout.write(f"Province {code}: {summary} in {seconds:.1f} s")
        self.stdout.write("Users: " + ", ".join(u.username for u in generated.users.values()))
