"""What changed between two submitted versions of a dossier, per section and per
criterion, with word-level inline marks (difflib) for the appraiser."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from apps.dossiers.enums import Level, Section

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
REWRITTEN = 0.5  # below this similarity a text is shown as replaced, not word by word


@dataclass
class FieldChange:
    label: str
    before: str
    after: str

    @property
    def html(self) -> SafeString:
        return inline_diff(self.before, self.after)


@dataclass
class CriterionChange:
    number: str
    text: str
    fields: list[FieldChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class VersionChanges:
    sections: list[FieldChange]
    criteria: list[CriterionChange]
    added: list[str]
    removed: list[str]

    def __bool__(self) -> bool:
        return bool(self.sections or self.criteria or self.added or self.removed)


def inline_diff(before: str, after: str) -> SafeString:
    """``after`` with deleted words in <del> and inserted words in <ins>, escaped. Mostly
    rewritten text shows as the old text struck out, then the new one."""
    old, new = TOKEN.findall(str(before or "")), TOKEN.findall(str(after or ""))
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    if matcher.ratio() < REWRITTEN:
        chunks = [("change", "".join(old), "".join(new))]
    else:
        chunks = _merge_chunks(
            (op == "equal", "".join(old[a1:a2]), "".join(new[b1:b2]))
            for op, a1, a2, b1, b2 in matcher.get_opcodes()
        )
    return mark_safe("".join(_render(kind, a, b) for kind, a, b in chunks))  # escaped in _render


def _merge_chunks(opcodes) -> list[tuple[str, str, str]]:
    """Join changes separated only by spaces, so a rewritten phrase reads as one."""
    chunks: list[list[str]] = []
    for is_equal, a, b in opcodes:
        kind = "same" if is_equal and (a.strip() or not chunks) else "change"
        if chunks and chunks[-1][0] == "change" and kind == "change":
            chunks[-1][1] += a
            chunks[-1][2] += b
        else:
            chunks.append([kind, a, b])
    return [tuple(chunk) for chunk in chunks]


def _render(kind: str, before: str, after: str) -> str:
    if kind == "same":
        return escape(after)
    deleted = f"<del>{escape(before)}</del>" if before.strip() else ""
    inserted = f"<ins>{escape(after)}</ins>" if after.strip() else ""
    return " ".join(filter(None, [deleted, inserted])) or escape(after)


def _level_label(value: str) -> str:
    return str(Level(value).label) if value in Level.values else (value or "—")


def _files(entries) -> dict[str, str]:
    """Attachment name keyed by content hash: a file re-uploaded unchanged is no change."""
    return {entry["sha256"]: entry["name"] for entry in entries}


def _file_changes(before, after) -> tuple[list[str], list[str]]:
    old, new = _files(before), _files(after)
    added = [name for digest, name in new.items() if digest not in old]
    removed = [name for digest, name in old.items() if digest not in new]
    return added, removed


def _criterion_change(old: dict, new: dict) -> CriterionChange | None:
    change = CriterionChange(number=new["number"], text=new["text"])
    pairs = [
        (_("Level reached"), _level_label(old.get("level", "")), _level_label(new["level"])),
        (_("Score"), old.get("score") or "—", new["score"] or "—"),
        (_("Evidence"), old.get("evidence", ""), new["evidence"]),
    ]
    change.fields = [FieldChange(label, a, b) for label, a, b in pairs if a != b]
    change.added, change.removed = _file_changes(old.get("attachments", []), new["attachments"])
    return change if (change.fields or change.added or change.removed) else None


def version_changes(old: dict, new: dict) -> VersionChanges:
    """Compare two version snapshots (``DossierVersion.data``)."""
    sections = [
        FieldChange(s.label, old["sections"].get(s.value, ""), new["sections"].get(s.value, ""))
        for s in Section
        if old["sections"].get(s.value, "") != new["sections"].get(s.value, "")
    ]
    before = {c["criterion"]: c for c in old["criteria"]}
    criteria = []
    for entry in new["criteria"]:
        change = _criterion_change(before.get(entry["criterion"], {}), entry)
        if change:
            criteria.append(change)
    added, removed = _file_changes(old.get("attachments", []), new.get("attachments", []))
    return VersionChanges(sections=sections, criteria=criteria, added=added, removed=removed)
