import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_license_is_the_full_gnu_agpl_v3():
    lines = (ROOT / "LICENSE").read_text(encoding="ascii").splitlines()

    assert lines[0].strip() == "GNU AFFERO GENERAL PUBLIC LICENSE"
    assert lines[1].strip() == "Version 3, 19 November 2007"
    assert "  13. Remote Network Interaction; Use with the GNU General Public License." in lines
    assert lines[-2:] == [
        "For more information on this, and how to apply and follow the GNU AGPL, see",
        "<https://www.gnu.org/licenses/>.",
    ]


def test_project_metadata_declares_agpl_or_later():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    assert project["license"] == "AGPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
