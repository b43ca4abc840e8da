"""Settings of the Celery worker and beat that test_worker_killed.py starts and kills:
the test settings; the queue, the lease and the media folder come from the environment.
Every task goes to the test's own queue (other test runs share the Redis), beat runs only
the print reconciler, every second, and the worker prints in chunks of PRINT_TEST_CHUNK
certificates so that the test sees progress and kills it between the first and the last
page."""

from celery.signals import worker_ready

from config.settings.test import *  # noqa: F403
from config.settings.test import env

CELERY_TASK_DEFAULT_QUEUE = env("PRINT_QUEUE")
CELERY_BEAT_SCHEDULE = {
    "reconcile-print-jobs": {
        "task": "apps.decisions.tasks.task_reconcile_print_jobs",
        "schedule": 1.0,
    },
}


@worker_ready.connect
def _small_chunks(**kwargs):
    from apps.decisions import pdf

    pdf.BATCH_CHUNK = env.int("PRINT_TEST_CHUNK")
