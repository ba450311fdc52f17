"""Log-in checks: Django's, with the signed-in user read through a statement compiled
once per process (telka/lib/statements.py), since every page of a signed-in user asks."""

from django.contrib.auth.backends import ModelBackend

from telka.lib.statements import fetch_instance

from .models import User


class TelkaBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:  # a malformed id in a session: nobody is signed in
            return None
        user = fetch_instance(("user", pk), lambda: User._default_manager.filter(pk=pk))
        return user if user is not None and self.user_can_authenticate(user) else None
