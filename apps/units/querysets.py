from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from treebeard.mp_tree import MP_NodeManager, MP_NodeQuerySet


def is_board_of(unit, authority, functions) -> bool:
    """``unit`` is one of ``authority``'s boards (see ``UnitQuerySet.boards_of``), decided
    from the two rows without a query."""
    return (
        unit.function in functions
        and unit.depth == authority.depth + 1
        and unit.path.startswith(authority.path)
    )


def in_level_q(authority, unit_field: str = "unit") -> Q:
    """Rows whose unit lies in ``authority``'s level: in its subtree and under no deeper
    active recognising authority (that one, not ``authority``, recognises them). The
    rule of ``UnitQuerySet.authority_of`` read the other way, in SQL. ``authority`` may
    be a root that is not an authority: then the rows under no authority at all."""
    from apps.units.models import Unit

    path = f"{unit_field}__path" if unit_field else "path"
    nearer = (
        Unit.objects.filter(
            is_recognising_authority=True,
            is_active=True,
            path__startswith=authority.path,
            depth__gt=authority.depth,
        )
        .annotate(prefix=Substr(OuterRef(path), 1, Length("path")))
        .filter(prefix=F("path"))
    )
    return Q(**{f"{path}__startswith": authority.path}) & ~Exists(nearer)


class UnitQuerySet(MP_NodeQuerySet):
    def subtree_of(self, unit) -> "UnitQuerySet":
        """The unit and all its descendants: one indexed prefix query."""
        return self.filter(path__startswith=unit.path)

    def ancestors_of(self, unit) -> "UnitQuerySet":
        """The unit and its ancestors, root first."""
        return self.filter(path__in=unit.ancestor_paths()).order_by("depth")

    def authority_of(self, unit):
        """The recognising authority of ``unit``'s level ("điểm sáng ở cấp nào do ... cấp
        đó công nhận"): the unit itself if it is one, else its nearest active ancestor
        that is; None when no unit on its path is marked (one query)."""
        return (
            self.filter(path__in=unit.ancestor_paths(), is_recognising_authority=True)
            .filter(is_active=True)
            .order_by("-depth")
            .first()
        )

    def boards_of(self, authority, functions) -> "UnitQuerySet":
        """The boards of ``authority``: active units with one of ``functions`` placed
        directly under it (Ban Dân vận Tỉnh ủy, the BCĐ QCDC tỉnh under the province;
        a commune's or an agency's own boards under it). A unit that is also a
        department (Sở Nội vụ) counts by its function, whatever its kind."""
        return self.filter(
            path__startswith=authority.path,
            depth=authority.depth + 1,
            function__in=list(functions),
            is_active=True,
        )

    def with_parent(self) -> "UnitQuerySet":
        """Annotate ``parent_name`` and ``parent_code`` (one indexed subquery each on
        the parent's path, so a flat list still names where each unit sits)."""
        parent = self.model.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - self.model.steplen)
        )
        return self.annotate(
            parent_name=Subquery(parent.values("name")[:1]),
            parent_code=Subquery(parent.values("code")[:1]),
        )

    def search(self, text: str) -> "UnitQuerySet":
        """Name or code, ignoring case and Vietnamese diacritics ("nghe an" finds "Nghệ An")."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__unaccent__icontains=text) | Q(code__iexact=text))


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def subtree_of(self, unit):
        return self.get_queryset().subtree_of(unit)

    def ancestors_of(self, unit):
        return self.get_queryset().ancestors_of(unit)

    def search(self, text):
        return self.get_queryset().search(text)

    def authority_of(self, unit):
        return self.get_queryset().authority_of(unit)

    def boards_of(self, authority, functions):
        return self.get_queryset().boards_of(authority, functions)
