"""Account pages beyond Django's own."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from apps.core.throttle import within_rate


class PasswordResetView(auth_views.PasswordResetView):
    """Django's request for a reset link, limited per client address: each request
    e-mails the owner of the address typed, so an unlimited form would let anyone
    flood an officer's mailbox."""

    def post(self, request, *args, **kwargs):
        limit = settings.PASSWORD_RESET_REQUESTS_PER_HOUR
        # Fails closed: without the counter, no reset e-mails rather than unlimited ones
        # (the outage is short; the form says to try again later).
        if within_rate(request, "password-reset", limit=limit, window=3600, fail_open=False):
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        form.is_valid()  # keeps what was typed
        form.add_error(None, _("Too many reset requests from your network; try again in an hour."))
        response = self.form_invalid(form)
        response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    """Django's log out, saying so on the page it leads to (the login page)."""

    def post(self, request, *args, **kwargs):
        was_logged_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_logged_in:
            messages.success(request, _("You have logged out."))
        return response
