"""manage.py backup / restore: a restore into an empty instance gives the same pages,
files and hashes as the source; an archive that does not match its manifest is
refused and changes nothing. Runs on SQLite, and on PostgreSQL when DATABASE_URL
points there (pg_dump / pg_restore)."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from telka.calls import workflow
from telka.calls.tests.helpers import PDF, attach, make_proposal, open_call

from .backup_fingerprint import fingerprint

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def source(lag, strategy, organisation, ana, sara):
    """A call with a public document, and a submitted proposal with an attachment."""
    call = open_call(lag, strategy)
    document = workflow.add_call_document(
        call=call,
        actor=sara,
        title="Sąlygos",
        title_en="Conditions",
        upload=ContentFile(PDF, name="salygos.pdf"),
        content_type="application/pdf",
    )
    proposal = make_proposal(call, organisation, ana)
    attach(proposal, PDF + b"% budget\n", "biudzetas.pdf")
    workflow.submit_proposal(proposal=proposal, actor=ana, notify=False)
    return [
        "/",
        reverse("calls:list"),
        reverse("calls:detail", args=[call.pk]),
        reverse("calls:document", args=[call.pk, document.pk]),
        "/api/calls",
        "staff:" + reverse("calls:manage_proposal", args=[proposal.pk]),
    ]


def _pg_admin(conf: dict):
    return psycopg.connect(
        dbname="postgres",
        host=conf["HOST"],
        port=conf["PORT"] or 5432,
        user=conf["USER"],
        password=conf["PASSWORD"],
        autocommit=True,
    )


@pytest.fixture(autouse=True)
def _drop_restored_database():
    """The PostgreSQL database a test restored into is dropped afterwards."""
    yield
    if connection.vendor == "postgresql":
        conf = connection.settings_dict
        with _pg_admin(conf) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{conf["NAME"]}_restored" WITH (FORCE)')


def empty_instance(tmp_path: Path) -> dict:
    """Environment of a fresh instance: its own database (empty), media and var dirs."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(MEDIA_ROOT=str(tmp_path / "media"), TELKA_VAR_DIR=str(tmp_path / "var"))
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return env
    conf = connection.settings_dict
    name = conf["NAME"] + "_restored"
    with _pg_admin(conf) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = f"{conf['USER']}:{conf['PASSWORD']}@" if conf["PASSWORD"] else f"{conf['USER']}@"
    env["DATABASE_URL"] = f"postgres://{auth}{conf['HOST']}:{conf['PORT'] or 5432}/{name}"
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_restore_into_an_empty_instance_gives_the_same_pages_files_and_hashes(
    source, tmp_path, settings
):
    before = fingerprint(source, "sara@example.test")
    assert len(before["files"]) >= 4  # document, attachments and their submitted copies
    assert before["registrations"] and all(s == 200 for s, _ in before["pages"].values())
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    env = empty_instance(tmp_path / "restored")
    restored = manage(env, "manage.py", "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "every SHA-256 matches" in restored.stdout
    after = manage(env, "tests/backup_fingerprint.py", "sara@example.test", *source)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(json.dumps(before))

    again = manage(env, "manage.py", "restore", str(archive))
    assert "restore only into an empty database" in again.stderr


def tampered(archive: Path, target: Path, member: str) -> Path:
    """A copy of the archive with one byte of `member` changed."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name == member:
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.addfile(info, io.BytesIO(data))
    return target


def test_a_restore_refuses_an_archive_whose_hashes_do_not_match(source, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        media = next(n for n in tar.getnames() if n.startswith("media/proposals/"))
    bad = tampered(archive, tmp_path / "bad.tar.gz", media)
    with pytest.raises(CommandError, match=f"hash mismatch: {media}"):
        call_command("restore", str(bad), check=True, stdout=io.StringIO())

    env = empty_instance(tmp_path / "restored")
    refused = manage(env, "manage.py", "restore", str(bad))
    assert refused.returncode != 0
    assert f"hash mismatch: {media}" in refused.stderr
    assert not (tmp_path / "restored" / "media").exists()
    if connection.vendor == "sqlite":
        assert not (tmp_path / "restored" / "restored.sqlite3").stat().st_size


def test_backup_keeps_only_the_newest_archives(source, tmp_path):
    for stamp in ("20260101-023000", "20260102-023000", "20260103-023000"):
        (tmp_path / f"telka-{stamp}.tar.gz").write_bytes(b"old")
    call_command("backup", dir=str(tmp_path), keep=2, stdout=io.StringIO())
    kept = sorted(p.name for p in tmp_path.glob("telka-*.tar.gz"))
    assert len(kept) == 2 and kept[0] == "telka-20260103-023000.tar.gz"
