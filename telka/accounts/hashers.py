"""The password hasher: Argon2id at OWASP's first recommended setting.

Measured with `make bench BENCH_ARGS=login` (bench/bench_login.py, figures in the
README): Django's default PBKDF2 (1,500,000 SHA-256 iterations) costs about 0.75 s of
CPU per log-in, several seconds on a loaded two-core server, while an ordinary page
costs a few milliseconds. Argon2id with 19 MiB, 2 passes and 1 lane (OWASP Password
Storage Cheat Sheet) costs a small fraction of that on our side, yet each guess needs
19 MiB of memory, which makes GPU and ASIC guessing far dearer than PBKDF2 at any
iteration count we could afford. Older hashes (PBKDF2) still verify and are
re-hashed with these parameters at the next successful log-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TelkaArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP's minimum for Argon2id)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
