"""The kind codes of the portal's default process (fixtures/process/nghe-an.json), for
tests that build Nghệ An's bright spots. App code reads kinds from the process."""

from enum import StrEnum


class BrightSpotKind(StrEnum):
    QCDC = "qcdc"
    DVCQ = "dvcq"
    DVK = "dvk"

    @property
    def label(self) -> str:
        """The kind's name in the default process."""
        from apps.cycles.process import current_process

        return current_process(None).label(self.value)


# As Django's TextChoices name them, for tests looping over every kind.
BrightSpotKind.values = [kind.value for kind in BrightSpotKind]
