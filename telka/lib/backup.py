"""Backup and restore of one Telka instance: the database and every uploaded file
(attachments, submitted copies, signed minutes…) in one archive.

The archive is a gzip'd tar with:
- `manifest.json`: format, engine, creation time, and for every other member its
  path, size and SHA-256;
- `database.sqlite3` (SQLite, taken with SQLite's online backup API) or
  `database.pgdump` (PostgreSQL, `pg_dump --format=custom`);
- `media/…`: MEDIA_ROOT as it was.

The database is copied with the engine's own tool rather than `dumpdata` JSON:
the copy is exact (sequences, constraints, the triggers that freeze final rows,
audit rows untouched by model code or signals), consistent (one snapshot while
the site keeps running) and fast. The price: an archive restores into the same
engine it came from (SQLite → SQLite, PostgreSQL → PostgreSQL of the same or a
newer major version).

Restore unpacks into a temporary directory, checks every member against the
manifest (nothing missing, nothing extra, every hash equal) and only then
touches the instance, which must be empty: a database without tables and an
empty MEDIA_ROOT. A mismatch refuses the whole restore; nothing is changed.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections

FORMAT = "telka-backup/1"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_command(alias: str, program: str) -> tuple[list[str], dict]:
    conf = connections[alias].settings_dict
    command = [program, "--no-owner", "--no-privileges", "--dbname", conf["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if conf.get(key):
            command += [flag, str(conf[key])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = conf["PASSWORD"]
    return command, env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def dump_database(alias: str, target: Path) -> None:
    if _engine(alias) == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        command, env = _pg_command(alias, "pg_dump")
        _run([*command, "--format", "custom", "--file", str(target)], env)


def _media_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def create_backup(archive: Path, *, alias: str = "default") -> dict:
    """Write the archive (atomically: a .partial file renamed at the end) and return its manifest."""
    engine = _engine(alias)
    media_root = Path(settings.MEDIA_ROOT)
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="telka-backup-") as work:
        dump = Path(work) / DUMPS[engine]
        dump_database(alias, dump)
        members = [(DUMPS[engine], dump)]
        members += [
            (str(PurePosixPath("media", *path.relative_to(media_root).parts)), path)
            for path in _media_files(media_root)
        ]
        files = [
            {"path": name, "size": path.stat().st_size, "sha256": sha256_file(path)}
            for name, path in members
        ]
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "files": files,
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz", compresslevel=3) as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            for name, path in members:
                tar.add(path, arcname=name)
        os.replace(partial, archive)
    return manifest


def _unpack(archive: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(into, filter="data")
        manifest = json.loads((into / MANIFEST).read_text())
    except (OSError, tarfile.TarError, ValueError) as e:
        raise BackupError(f"{archive} is not a readable Telka backup: {e}") from e
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a {FORMAT} archive.")
    return manifest


def verify(into: Path, manifest: dict) -> None:
    """Every file the manifest lists is there with its hash, and nothing else is."""
    listed = {entry["path"]: entry for entry in manifest["files"]}
    present = {
        path.relative_to(into).as_posix()
        for path in into.rglob("*")
        if path.is_file() or path.is_symlink()
    }
    present.discard(MANIFEST)
    problems = [f"missing: {name}" for name in sorted(listed.keys() - present)]
    problems += [f"not in the manifest: {name}" for name in sorted(present - listed.keys())]
    for name in sorted(listed.keys() & present):
        if sha256_file(into / name) != listed[name]["sha256"]:
            problems.append(f"hash mismatch: {name}")
    if problems:
        raise BackupError(
            "The archive does not match its manifest; nothing restored.\n" + "\n".join(problems)
        )


def check_archive(archive: Path) -> dict:
    """Unpack to a temporary directory and verify; the manifest if all is well."""
    with tempfile.TemporaryDirectory(prefix="telka-restore-") as work:
        manifest = _unpack(archive, Path(work))
        verify(Path(work), manifest)
        return manifest


def _require_empty(alias: str, media_root: Path) -> None:
    if connections[alias].vendor == "sqlite":
        Path(connections[alias].settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    tables = connections[alias].introspection.table_names()
    if tables:
        raise BackupError(
            f"The database already has {len(tables)} tables: restore only into an empty database."
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore only into an empty MEDIA_ROOT.")


def _load_database(alias: str, engine: str, dump: Path) -> None:
    connection = connections[alias]
    if engine == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        name.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(dump) as source, sqlite3.connect(name) as target:
            source.backup(target)
        source.close()
        target.close()
    else:
        connection.close()
        command, env = _pg_command(alias, "pg_restore")
        _run([*command, "--exit-on-error", "--single-transaction", str(dump)], env)


def restore_backup(archive: Path, *, alias: str = "default") -> dict:
    """Verify the archive, then load it into this empty instance."""
    media_root = Path(settings.MEDIA_ROOT)
    engine = _engine(alias)
    _require_empty(alias, media_root)
    with tempfile.TemporaryDirectory(prefix="telka-restore-") as work:
        work = Path(work)
        manifest = _unpack(archive, work)
        verify(work, manifest)
        if manifest["engine"] != engine:
            raise BackupError(
                f"This archive holds a {manifest['engine']} database; this instance uses {engine}."
            )
        _load_database(alias, engine, work / DUMPS[engine])
        media = work / "media"
        if media.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            for path in media.iterdir():
                shutil.move(path, media_root / path.name)
    return manifest


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest telka-*.tar.gz archives in `directory`."""
    archives = sorted(directory.glob("telka-*.tar.gz"), key=lambda p: p.name, reverse=True)
    for old in archives[keep:]:
        old.unlink()
    return archives[keep:]
