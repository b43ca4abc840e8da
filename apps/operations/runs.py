"""Recording each periodic task's last run (``TaskRun``), from Celery's task signals in
the worker, for every task named in CELERY_BEAT_SCHEDULE: the tasks themselves know
nothing of it. A recording that fails never fails the task."""

import logging

from celery.signals import task_failure, task_postrun, task_prerun
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def periodic_task_names() -> set[str]:
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def _record(name: str, **fields) -> None:
    from apps.operations.models import TaskRun

    if name not in periodic_task_names():
        return
    try:
        TaskRun.objects.update_or_create(name=name, defaults=fields)
    except Exception:  # the database is away: the page will show the run as late
        logger.warning("could not record the run of %s", name, exc_info=True)


@task_prerun.connect
def _started(sender=None, **kwargs):
    _record(sender.name, started_at=timezone.now())


@task_postrun.connect
def _finished(sender=None, state=None, **kwargs):
    if state == "SUCCESS":
        _record(sender.name, finished_at=timezone.now(), succeeded=True, error="")


@task_failure.connect
def _failed(sender=None, exception=None, **kwargs):
    _record(sender.name, finished_at=timezone.now(), succeeded=False, error=repr(exception)[:2000])
