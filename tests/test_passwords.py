"""Finding 10 of issue 15: the password hasher is chosen deliberately (Argon2id at
OWASP's parameters, telka/accounts/hashers.py), and older PBKDF2 hashes still log in
and are upgraded."""

from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from telka import settings as telka_settings
from tests import base


@override_settings(PASSWORD_HASHERS=telka_settings.PASSWORD_HASHERS)
def test_new_passwords_are_argon2id_with_owasp_parameters():
    encoded = make_password("aleksotas-demo")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@override_settings(PASSWORD_HASHERS=telka_settings.PASSWORD_HASHERS)
def test_an_old_pbkdf2_password_logs_in_and_is_upgraded(db):
    user = base.make_user("old@example.test", "Old Hash")
    old = make_password("aleksotas-demo", hasher="pbkdf2_sha256")
    type(user).objects.filter(pk=user.pk).update(password=old)
    assert authenticate(username="old@example.test", password="aleksotas-demo") == user
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert authenticate(username="old@example.test", password="wrong") is None
