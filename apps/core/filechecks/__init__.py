"""Content checks behind ``apps.core.uploads``: one module per accepted family, each
taking the file's bytes and raising ``ValidationError`` (a translatable message and a
code) when the file is refused. Nothing here changes the bytes: what is stored is
exactly what the user sent.

- ``pdf``: parsed with pypdf; every object in the file is inspected for active
  content, embedded files, XFA and links that are not web or e-mail addresses.
- ``office``: DOCX/XLSX packages; content types and every relationship are read, so
  macros, OLE objects and content fetched from other machines are refused however the
  parts are named; decompression runs under a byte budget.
- ``images``: JPEG/PNG dimensions are read from the header, decoding stays within a
  memory budget, and nothing but padding may follow the picture.
- ``polyglot``: what every family shares: hidden web page markup, a hidden ZIP archive.
"""

from django.core.exceptions import ValidationError


def refuse(message, code: str):
    raise ValidationError(message, code=code)
