from django.db.models import Exists, OuterRef, Q, QuerySet

from apps.accounts.enums import ALL_ROLES, BOARD_ROLES
from apps.accounts.permissions import is_superuser, memberships, reach_q
from apps.core.folding import fold

# Members of a board who see what is routed to it; the first two may also answer.


def holds_board_seat(user) -> bool:
    """Does the user hold a board role in a unit carrying a board function (a board, or
    a department that is also one, as Sở Nội vụ)?"""
    return any(m.role in BOARD_ROLES and m.unit.function for m in memberships(user))


def cycles_of_provinces_of(user):
    """The cycles of the provinces the user holds a membership in, as a subquery: a bound
    that changes no answer (a user's reach, the boards a list is routed to and the
    lists' cycles all lie inside those provinces) but lets a query that ORs a reach with
    a subquery read one province's rows through the cycle indexes, not the country's (a
    board member's list and inbox in a database holding a 35,000-unit province)."""
    from apps.cycles.models import Cycle
    from apps.units.models import Unit

    provinces = sorted({m.unit.path[: Unit.steplen] for m in memberships(user)})
    return Cycle.objects.filter(province__path__in=provinces).values("pk")


class RoutingQuerySet(QuerySet):
    def received_by(self, user, roles=BOARD_ROLES, *, cycles=None) -> "RoutingQuerySet":
        """Routed to, through or copied to a board in the user's reach for ``roles``, in
        ``cycles`` (ids, or a subquery, within the user's provinces' cycles; by default
        all of those, or every cycle for a superuser).

        The boards are picked first (a few rows) so the routings are matched on their
        indexed ids rather than by joining three units per routing."""
        from apps.units.models import Unit

        boards = Unit.objects.filter(reach_q(user, roles, unit_field="")).exclude(function="")
        ids = boards.values("pk")
        routed = self.filter(Q(board__in=ids) | Q(via__in=ids) | Q(copy_to__in=ids))
        if cycles is not None:
            return routed.filter(cycle__in=cycles)
        if is_superuser(user):
            return routed
        return routed.filter(cycle__in=cycles_of_provinces_of(user))

    def for_inbox(self) -> "RoutingQuerySet":
        return self.select_related(
            "registration_list__unit", "registration_list__cycle", "board", "via", "copy_to"
        )

    def inbox_rows(self) -> "RoutingQuerySet":
        """What an inbox row shows, and only that: a page of wide rows with five joined
        units cost more to build than to fetch."""
        return self.select_related(
            "registration_list__unit", "cycle", "board", "via", "copy_to"
        ).only(
            "kind",
            "status",
            "sent_at",
            "registration_list__is_late",
            "registration_list__unit__name",
            "cycle__year",
            "board__name",
            "via__name",
            "copy_to__name",
        )


class BrightSpotQuerySet(QuerySet):
    def visible_to(self, user, *, cycles: list[int] | None = None) -> "BrightSpotQuerySet":
        """Spots of units in the user's reach, plus those routed to a board the user
        sits on (a board's members reach the board, not the units that write to it).

        ``cycles`` (ids: a year's, ``selectors.year_cycles``) narrows to those cycles'
        spots; for a board member it also bounds the routings matched against each
        spot (a routing shares its list's cycle), so a year's list does not hash every
        year's routings of the province."""
        reach = reach_q(user, ALL_ROLES, path_field="unit_path")
        if is_superuser(user) or not holds_board_seat(user):
            mine = self.filter(reach)
            return mine if cycles is None else mine.filter(cycle__in=cycles)
        from apps.brightspots.models import RegistrationRouting

        if cycles is None:
            cycles = cycles_of_provinces_of(user)
        routed = RegistrationRouting.objects.received_by(user, cycles=cycles).filter(
            registration_list=OuterRef("registration_list"), kind=OuterRef("kind")
        )
        return self.filter(cycle__in=cycles).filter(reach | Exists(routed))

    def in_subtree(self, unit) -> "BrightSpotQuerySet":
        return self.filter(unit_path__startswith=unit.path)

    def search(self, text: str) -> "BrightSpotQuerySet":
        """Name, address or unit, ignoring case and diacritics ("diem sang" finds
        "điểm sáng"), on the folded columns ``search_text`` and the unit's
        ``search_name``: no row is unaccented, and only rows the rest of the query
        already narrows (a subtree, a year) are looked at."""
        folded = fold(text)
        if not folded:
            return self
        return self.filter(Q(search_text__contains=folded) | Q(unit__search_name__contains=folded))

    def for_list(self) -> "BrightSpotQuerySet":
        """What a list row shows, and only that (the long texts stay in the table)."""
        return self.select_related("unit", "cycle", "officer").only(
            "name",
            "address",
            "kind",
            "status",
            "imported",
            "unit__name",
            "cycle__year",
            "officer__username",
            "officer__full_name",
            "officer__first_name",
            "officer__last_name",
        )
