"""Django's database sessions (table ``django_session``, same rows and encoding), with
the one read every signed-in page makes written as plain SQL: the ORM built the same
``SELECT`` anew on every request, which cost more than running it."""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

LOAD = "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s"


class SessionStore(db.SessionStore):
    def load(self):
        with connections[router.db_for_read(self.model)].cursor() as cursor:
            cursor.execute(LOAD, [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:  # expired, or never ours: a new session begins
            self._session_key = None
            return {}
        return self.decode(row[0])
