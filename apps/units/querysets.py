from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from treebeard.mp_tree import MP_NodeManager, MP_NodeQuerySet


class UnitQuerySet(MP_NodeQuerySet):
    def subtree_of(self, unit) -> "UnitQuerySet":
        """The unit and all its descendants: one indexed prefix query."""
        return self.filter(path__startswith=unit.path)

    def ancestors_of(self, unit) -> "UnitQuerySet":
        """The unit and its ancestors, root first."""
        return self.filter(path__in=unit.ancestor_paths()).order_by("depth")

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
