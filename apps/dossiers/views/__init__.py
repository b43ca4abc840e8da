"""Dossier screens: ``queue`` (the list), ``pages`` (one dossier, its versions, its
PDF), ``editing`` (the three parts and attachments), ``steps`` (workflow buttons and
grants). Every view loads its dossier through ``dossier_or_404``."""
