from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """unaccent lets every search ignore Vietnamese diacritics ("diem sang" finds
    "điểm sáng"); it is a trusted extension, so the database owner may create it."""

    dependencies = []
    operations = [UnaccentExtension()]
