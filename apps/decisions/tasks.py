from celery import shared_task

from apps.decisions.services.printing import print_job_run


@shared_task(acks_late=True, time_limit=30 * 60)
def task_print_certificates(*, job_id: int) -> None:
    """Render every certificate of the job's decision into one PDF."""
    print_job_run(job_id=job_id)
