from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from apps.core.folding import folded
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.querysets import UnitManager


class Unit(MP_Node):
    """A node of the unit tree. ``path`` (materialised path) makes every subtree one
    indexed ``LIKE 'prefix%'`` query; jurisdiction is decided by it."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    # ``name`` folded (apps.core.folding), kept by PostgreSQL on every write, bulk ones
    # included: searches match it on the rows they already join, with no unaccent.
    search_name = models.GeneratedField(
        expression=folded("name"), output_field=models.TextField(), db_persist=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=UnitLevel.choices)
    function = models.CharField(
        _("board function"), max_length=16, choices=BoardFunction.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    is_recognising_authority = models.BooleanField(
        _("recognising authority"),
        default=False,
        help_text=_("UBND of its level, or the head of an agency, that recognises bright spots."),
    )
    abbreviation = models.CharField(
        _("abbreviation in document symbols"),
        max_length=32,
        blank=True,
        help_text=_("As in “QĐ-UBND” or “BC-BDVTU”; empty: the portal derives one."),
    )
    head_title = models.CharField(
        _("title of the head"),
        max_length=64,
        blank=True,
        help_text=_("Chủ tịch, Giám đốc, Hiệu trưởng, Trưởng ban…; empty: from the kind."),
    )
    is_party_body = models.BooleanField(
        _("Party body"),
        default=False,
        help_text=_(
            "Issues its documents in the Party's form (Hướng dẫn 36-HD/VPTW): "
            "Tỉnh ủy, Ban Dân vận, a board set up by the Party committee."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # A unit merged into another (``apps/units/merge.py``): inactive, moved under the
    # unit it became, keeping its name and its history.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_units",
        verbose_name=_("merged into"),
        editable=False,
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # No node_order_by: new units are appended after their siblings, so adding a unit
    # never renumbers the paths (and so the jurisdiction) of others; pages sort by name.
    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        # Prefix matches on path (jurisdiction) use the varchar_pattern_ops index Django
        # adds beside the unique index of treebeard's path.
        indexes = [
            models.Index(Upper("name"), name="unit_name_upper_idx"),
            # The boards (units with a function) under a path: the inbox and a board
            # member's list pick them first. A handful of rows, where a province's
            # units are tens of thousands (a scan of 38,500 units took 6.5 ms).
            models.Index(
                fields=["path"],
                name="unit_board_path_idx",
                condition=~Q(function=""),
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:detail", args=[self.pk])

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit and every ancestor, nearest last (no query)."""
        step = self.steplen
        return [self.path[: i * step] for i in range(1, self.depth + 1)]
