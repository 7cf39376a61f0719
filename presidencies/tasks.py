"""Scheduled work of the presidencies: apply the handovers whose day has come."""

from celery import shared_task

from .handover import apply_due_handovers


# Beat schedules it by this name (settings.CELERY_BEAT_SCHEDULE); the work is the plain function.
@shared_task(name="presidencies.tasks.apply_due_handovers")
def apply_due_handovers_task() -> list[str]:
    return apply_due_handovers()
