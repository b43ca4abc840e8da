from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from apps.accounts.admin_site import SubtreeAdminMixin
from apps.units.models import Unit


@admin.register(Unit)
class UnitAdmin(SubtreeAdminMixin, TreeAdmin):
    unit_field = ""
    form = movenodeform_factory(Unit)
    list_display = ["name", "code", "kind", "level", "is_recognising_authority", "is_active"]
    list_filter = ["kind", "level", "is_recognising_authority", "is_active"]
    search_fields = ["name", "code"]
