from django.contrib.auth import backends, get_user_model

from apps.core.reference import read_with_token


class ModelBackend(backends.ModelBackend):
    """Django's, loading the signed-in user together with the reference cache's token
    (``apps.core.reference``): every page reads the user, so the token costs no query
    of its own."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager
        try:
            user = read_with_token(users, pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
