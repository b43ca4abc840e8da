from functools import cache

from django.conf import settings
from django.contrib.auth import backends, get_user_model
from django.core.exceptions import ValidationError

from apps.core.reference import keep_token, with_token
from apps.notifications.selectors import with_unread_count


class ModelBackend(backends.ModelBackend):
    """Django's, loading with the signed-in user, in the same query, what every page
    needs of them besides: the reference cache's token (``apps.core.reference``) and
    the menu's count of unread notifications (``apps.notifications.selectors``).

    The query is the ORM's, compiled once per process (``_load_sql``) and run as raw
    SQL: building it again on every request cost more than running it."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager
        try:
            pk = users.model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = next(iter(users.raw(_load_sql(settings.REFERENCE_CACHE), [pk])), None)
        if user is None:
            return None
        keep_token(user)
        return user if self.user_can_authenticate(user) else None


@cache
def _load_sql(token: bool) -> str:
    """The user by primary key (the one parameter), with the unread count and, when the
    reference cache is on, its token."""
    users = with_unread_count(get_user_model()._default_manager.filter(pk=0))
    sql, params = (with_token(users) if token else users).query.sql_with_params()
    assert list(params) == [0], params  # the primary key is the only parameter
    return sql
