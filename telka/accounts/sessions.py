"""Django's database sessions, with the row read through a statement compiled once per
process (telka/lib/statements.py): every page of a signed-in user reads its session.
The expiry is checked here rather than in SQL, so the statement does not change with
the clock; an expired or unknown session is no session, as in Django's store."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from telka.lib.statements import fetch_objects


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        found = fetch_objects(("session", key), lambda: self.model.objects.filter(session_key=key))
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
