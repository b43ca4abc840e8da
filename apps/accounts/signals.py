from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from apps.accounts.middleware import mark_session_start


@receiver(user_logged_in, dispatch_uid="accounts.mark_session_start")
def _start_absolute_timeout(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_session_start(request)
