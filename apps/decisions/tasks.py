from celery import shared_task
from django.utils import timezone

from apps.decisions.services.printing import print_job_run, print_jobs_reconcile


@shared_task(acks_late=True, time_limit=30 * 60)
def task_print_certificates(*, job_id: int) -> None:
    """Render every certificate of the job's decision into one PDF."""
    print_job_run(job_id=job_id)


@shared_task(ignore_result=True)
def task_reconcile_print_jobs() -> dict[str, int]:
    """Requeue print jobs whose worker died or whose message was lost (beat, every
    minute; idempotent)."""
    return print_jobs_reconcile(now=timezone.now())
