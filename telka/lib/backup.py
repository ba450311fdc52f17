"""Backup and restore of one Telka instance: the database and every uploaded file
(attachments, submitted copies, signed minutes…) in one archive.

The archive is a gzip'd tar with:
- `manifest.json`: format, engine, creation time, and for every other member its
  path, size and SHA-256;
- `database.sqlite3` (SQLite, taken with SQLite's online backup API) or
  `database.pgdump` (PostgreSQL, `pg_dump --format=custom`);
- `media/…`: every uploaded file as it was, read through Django's default storage
  (MEDIA_ROOT, or the S3-compatible bucket when TELKA_S3_BUCKET is set).

The database is copied with the engine's own tool rather than `dumpdata` JSON:
the copy is exact (sequences, constraints, the triggers that freeze final rows,
audit rows untouched by model code or signals), consistent (one snapshot while
the site keeps running) and fast. The price: an archive restores into the same
engine it came from (SQLite → SQLite, PostgreSQL → PostgreSQL of the same or a
newer major version).

Restore unpacks into a temporary directory, checks every member against the
manifest (nothing missing, nothing extra, every hash equal) and only then
touches the instance, which must be empty: a database without tables and an
empty file storage. A mismatch refuses the whole restore; nothing is changed.
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

from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
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


def stored_files(storage, folder: str = ""):
    """Every file name in `storage`, sorted, walking folders (an S3 prefix, a directory)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # FileSystemStorage before the first upload
        return
    prefix = f"{folder}/" if folder else ""
    names = [(name, False) for name in files] + [(name, True) for name in folders]
    for name, is_folder in sorted(names):
        if is_folder:
            yield from stored_files(storage, prefix + name)
        elif not _is_link(storage, prefix + name):
            yield prefix + name


def _is_link(storage, name: str) -> bool:
    # A symlink in MEDIA_ROOT is not an upload (Telka never makes one): left out.
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location, name).is_symlink()
    return False


class _Hashing:
    """A readable stream that hashes what passes through it."""

    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


def _add_stored_file(tar: tarfile.TarFile, storage, name: str) -> dict:
    """Stream one stored file into the archive as media/<name>; its manifest entry."""
    info = tarfile.TarInfo(str(PurePosixPath("media", name)))
    info.size = storage.size(name)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    with storage.open(name, "rb") as stream:
        hashing = _Hashing(stream)
        tar.addfile(info, hashing)
    return {"path": info.name, "size": info.size, "sha256": hashing.digest.hexdigest()}


def _add_local_file(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    tar.add(path, arcname=name)
    return {"path": name, "size": path.stat().st_size, "sha256": sha256_file(path)}


def create_backup(archive: Path, *, alias: str = "default") -> dict:
    """Write the archive (atomically: a .partial file renamed at the end) and return its
    manifest. Files stream from the storage into the archive, hashed on the way, so
    object storage needs no local copy; the manifest is written last."""
    engine = _engine(alias)
    storage = storages["default"]
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="telka-backup-") as work:
        dump = Path(work) / DUMPS[engine]
        dump_database(alias, dump)
        with tarfile.open(partial, "w:gz", compresslevel=3) as tar:
            files = [_add_local_file(tar, dump, DUMPS[engine])]
            files += [_add_stored_file(tar, storage, name) for name in stored_files(storage)]
            manifest = {
                "format": FORMAT,
                "engine": engine,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "files": files,
            }
            manifest_path = Path(work) / MANIFEST
            manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
            tar.add(manifest_path, arcname=MANIFEST)
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


def _require_empty(alias: str, storage) -> None:
    if connections[alias].vendor == "sqlite":
        Path(connections[alias].settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    tables = connections[alias].introspection.table_names()
    if tables:
        raise BackupError(
            f"The database already has {len(tables)} tables: restore only into an empty database."
        )
    if next(stored_files(storage), None) is not None:
        raise BackupError(
            f"{_describe(storage)} is not empty: restore only into an empty file storage."
        )


def _describe(storage) -> str:
    if isinstance(storage, FileSystemStorage):
        return str(storage.location)
    return f"The bucket {getattr(storage, 'bucket_name', '')}".strip()


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
    storage = storages["default"]
    engine = _engine(alias)
    _require_empty(alias, storage)
    with tempfile.TemporaryDirectory(prefix="telka-restore-") as work:
        work = Path(work)
        manifest = _unpack(archive, work)
        verify(work, manifest)
        if manifest["engine"] != engine:
            raise BackupError(
                f"This archive holds a {manifest['engine']} database; this instance uses {engine}."
            )
        _load_database(alias, engine, work / DUMPS[engine])
        for entry in manifest["files"]:
            if entry["path"].startswith("media/"):
                _store(storage, entry["path"].removeprefix("media/"), work / entry["path"])
    return manifest


def _store(storage, name: str, path: Path) -> None:
    """Put one restored file into the storage under exactly its old name."""
    with open(path, "rb") as stream:
        saved = storage.save(name, File(stream, name=name))
    if saved != name:
        raise BackupError(f"{name} was stored as {saved}: restore only into an empty storage.")


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest telka-*.tar.gz archives in `directory`."""
    archives = sorted(directory.glob("telka-*.tar.gz"), key=lambda p: p.name, reverse=True)
    for old in archives[keep:]:
        old.unlink()
    return archives[keep:]
