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

import ctypes

from django.contrib.auth.hashers import Argon2PasswordHasher

M_MMAP_THRESHOLD = -3  # glibc's mallopt() parameter number


def keep_big_buffers_out_of_the_heap() -> None:
    """Argon2 works in a 19 MiB buffer. After the first such buffer is freed glibc raises
    its mmap threshold, so from the second log-in on the buffer comes from the heap and
    stays resident: each web worker kept 19 MiB more for good. A fixed threshold (which
    turns the raising off) gives every buffer of 4 MiB or more its own mapping, returned
    to the system when freed. Nothing to do on a C library other than glibc."""
    try:
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024)
    except (OSError, AttributeError):
        pass


keep_big_buffers_out_of_the_heap()


class TelkaArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP's minimum for Argon2id)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
