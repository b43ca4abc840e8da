"""One vocabulary in Vietnamese (docs/glossary.md, "Vocabulary"): one word for the yearly
cycle, one form of address, named bodies written as Nghị định 30/2020 writes them,
"không công nhận" for a refusal to recognise, one name for each object of the process.

The rules are the data below: a banned form and what to write instead. They are checked
in every msgstr of the vi catalogue and in the Vietnamese written straight into templates
and Python string literals. Comments, docstrings and migrations are left alone (they quote
the seed documents, which spell things their own way), and so are the arguments of
gettext: those are msgids, shown through their msgstr, which the catalogue check covers.
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"

# banned form → the form to write. Matched case-sensitively, as a whole phrase (not inside
# a longer word), so "Ban chỉ đạo" is banned while "Ban Chỉ đạo" is the rule.
BANNED = {
    # One word for the yearly cycle: "năm" ("năm 2026", "thiết lập năm", "mốc thời gian của năm").
    "chu kỳ": "năm",
    "Chu kỳ": "Năm",
    "đợt": "năm",
    "Đợt": "Năm",
    "năm công tác": "năm",
    # One form of address: "bạn".
    "đồng chí": "bạn",
    "Đồng chí": "Bạn",
    "anh/chị": "bạn",
    "Anh/chị": "Bạn",
    "anh, chị": "bạn",
    "quý vị": "bạn",
    "Quý vị": "Bạn",
    "quý khách": "bạn",
    # Named bodies, capitalised as Nghị định 30/2020 does.
    "Ban chỉ đạo": "Ban Chỉ đạo",
    "ban chỉ đạo": "Ban Chỉ đạo",
    "Ban dân vận": "Ban Dân vận",
    "ban dân vận": "Ban Dân vận",
    "Ban thường vụ": "Ban Thường vụ",
    "tỉnh ủy": "Tỉnh ủy",
    "Tỉnh Ủy": "Tỉnh ủy",
    "Sở nội vụ": "Sở Nội vụ",
    "sở nội vụ": "Sở Nội vụ",
    "Phòng nội vụ": "Phòng Nội vụ",
    "Hội đồng thi đua": "Hội đồng Thi đua – Khen thưởng",
    "hội đồng thi đua": "Hội đồng Thi đua – Khen thưởng",
    "Thi đua – khen thưởng": "Thi đua – Khen thưởng",
    "Thi đua - Khen thưởng": "Thi đua – Khen thưởng",
    "Thi đua - khen thưởng": "Thi đua – Khen thưởng",
    "Ủy ban Nhân dân": "Ủy ban nhân dân",
    "Ủy Ban": "Ủy ban",
    "Mặt trận tổ quốc": "Mặt trận Tổ quốc",
    "mặt trận tổ quốc": "Mặt trận Tổ quốc",
    "Quy chế Dân chủ": "Quy chế dân chủ",
    "quy chế dân chủ ở cơ sở": "Quy chế dân chủ ở cơ sở",
    "Qui chế": "Quy chế",
    "qui chế": "Quy chế",
    "điểm sáng Dân vận chính quyền": "điểm sáng dân vận chính quyền",
    "Điểm sáng Dân vận chính quyền": "Điểm sáng dân vận chính quyền",
    "và Dân vận chính quyền": "và dân vận chính quyền",
    # The decree's (modern) placement of the tone mark: Ủy, Tỉnh ủy, thủy, hòa.
    "Uỷ": "Ủy",
    "uỷ": "ủy",
    "UỶ": "ỦY",
    "thuỷ": "thủy",
    "Thuỷ": "Thủy",
    "hoà": "hòa",
    "Hoà": "Hòa",
    "HOÀ": "HÒA",
    "hoá": "hóa",
    "Hoá": "Hóa",
    "khoá": "khóa",
    "xoá": "xóa",
    "Xoá": "Xóa",
    "toả": "tỏa",
    "toà": "tòa",
    "khoẻ": "khỏe",
    "quí": "quý",
    # A refusal to recognise is "không công nhận" (the status "Không công nhận").
    "không được công nhận": "không công nhận",
    "từ chối công nhận": "không công nhận",
    "Từ chối công nhận": "Không công nhận",
    "từ chối hồ sơ": "không đề nghị công nhận",
    # One name for each object of the process.
    "hồ sơ đề nghị công nhận": "hồ sơ công nhận",
    "Hồ sơ đề nghị công nhận": "Hồ sơ công nhận",
    "giấy chứng nhận": "giấy công nhận",
    "Giấy chứng nhận": "Giấy công nhận",
    "GIẤY CHỨNG NHẬN": "GIẤY CÔNG NHẬN",
    "bằng công nhận": "giấy công nhận",
    "báo cáo tiến độ": "cập nhật tiến độ",
    "Báo cáo tiến độ": "Cập nhật tiến độ",
    "Báo cáo 6 tháng": "Cập nhật tiến độ 6 tháng",
    "tiến độ giữa năm": "tiến độ 6 tháng",
    "thời hạn công nhận": "thời gian xét công nhận",
    "thời gian công nhận": "thời gian xét công nhận",
    "Thời hạn xét công nhận": "Thời gian xét công nhận",
    "thời hạn xét công nhận": "thời gian xét công nhận",
    "đánh giá của cán bộ thẩm định": "ý kiến thẩm định",
    "quản trị hệ thống": "quản trị viên",
    "Quản trị hệ thống": "Quản trị viên",
    "Cổng Điểm sáng": "Cổng thông tin Điểm sáng",
    "cổng Điểm sáng": "Cổng thông tin Điểm sáng",
    # English left in Vietnamese text.
    "e-mail": "thư điện tử",
    "E-mail": "Thư điện tử",
    "email": "thư điện tử",
    "Email": "Thư điện tử",
}

_PATTERNS = {banned: re.compile(rf"(?<!\w){re.escape(banned)}(?!\w)") for banned in BANNED}

# A Vietnamese letter that English never uses: how hard-coded Vietnamese is recognised.
VIETNAMESE = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạầấẩẫậằắẳẵặèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
    re.IGNORECASE,
)
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def offences(text: str) -> list[str]:
    """Each banned form in ``text``, as "banned → preferred"."""
    return [f"{banned!r} → {BANNED[banned]!r}" for banned, p in _PATTERNS.items() if p.search(text)]


def _msgstrs(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()] if entry.msgstr_plural else [entry.msgstr]


GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every Vietnamese string literal of a module but its docstrings and
    its msgids."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    msgids = {
        id(argument)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) in GETTEXT
        for argument in node.args
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings | msgids
        and VIETNAMESE.search(node.value)
    ]


def test_the_rules_are_consistent():
    # A preferred form must not itself be banned (else no text could satisfy the rules).
    clashing = {b: p for b, p in BANNED.items() if offences(p)}

    assert clashing == {}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Đã mở chu kỳ năm 2026.", True),
        ("Định kỳ 5 năm", False),
        ("Ban chỉ đạo thực hiện Quy chế dân chủ ở cơ sở", True),
        ("Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở", False),
        ("Điểm sáng sẽ không được công nhận.", True),
        ("Không công nhận", False),
        ("hoàn thành", False),
        ("Hội đồng Thi đua – Khen thưởng", False),
    ],
)
def test_the_check_sees_a_banned_form_and_only_it(text, found):
    assert bool(offences(text)) is found


def test_no_msgstr_of_the_catalogue_uses_a_banned_form():
    catalogue = polib.pofile(str(CATALOGUE))
    found = [
        f"{entry.msgid!r}: {msgstr!r} — {', '.join(offences(msgstr))}"
        for entry in catalogue
        if not entry.obsolete
        for msgstr in _msgstrs(entry)
        if offences(msgstr)
    ]

    assert found == [], "msgstr using a banned form:\n" + "\n".join(found)


def test_no_template_writes_a_banned_form():
    found = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix not in {".html", ".txt", ".xml"}:
            continue
        text = TEMPLATE_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), path.read_text())
        for number, line in enumerate(text.splitlines(), start=1):
            if VIETNAMESE.search(line) and offences(line):
                found.append(
                    f"templates/{path.relative_to(ROOT / 'templates')}:{number}: "
                    f"{', '.join(offences(line))}"
                )

    assert found == [], "template text using a banned form:\n" + "\n".join(found)


def test_no_python_string_writes_a_banned_form():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {', '.join(offences(text))}"
        for path in sorted((ROOT / "apps").rglob("*.py"))
        if "migrations" not in path.parts
        for line, text in _string_literals(path)
        if offences(text)
    ]

    assert found == [], "Python string using a banned form:\n" + "\n".join(found)
