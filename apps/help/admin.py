from django.contrib import admin

from apps.help.models import SupportContact


@admin.register(SupportContact)
class SupportContactAdmin(admin.ModelAdmin):
    list_display = ("province", "office", "phone", "email")
    search_fields = ("office", "province__name")
