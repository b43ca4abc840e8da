"""Refresh locale/vi from the code and fill in Vietnamese translations.

    .venv/bin/python scripts/translate.py MAPPING.json [MAPPING.json ...]

Each mapping is a JSON object {"English msgid": "Vietnamese msgstr"}. Under a lock
(several people may run it at once) this runs makemessages, sets every msgstr
given, reports msgids still untranslated, and compiles the catalogue.
"""

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MANAGE = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py")]
IGNORE = ["--ignore=.venv", "--ignore=.local", "--ignore=staticfiles", "--ignore=tests"]


def main(paths: list[str]) -> int:
    mapping = {}
    for path in paths:
        mapping.update(json.loads(Path(path).read_text(encoding="utf-8")))
    with open(ROOT / "locale" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run([*MANAGE, "makemessages", "-l", "vi", "--no-obsolete", *IGNORE], check=True)
        catalogue = polib.pofile(str(PO))
        catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        catalogue.metadata["Language"] = "vi"
        catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        for entry in catalogue:
            if entry.msgid in mapping:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: mapping[entry.msgid]}
                else:
                    entry.msgstr = mapping[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        catalogue.save()
        subprocess.run([*MANAGE, "compilemessages", "-l", "vi", "--ignore=.venv"], check=True)
    missing = [e.msgid for e in catalogue if not e.translated()]
    print(f"{len(catalogue)} messages, {len(missing)} untranslated")
    for msgid in missing:
        print(f"  untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
