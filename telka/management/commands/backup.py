"""manage.py backup: the database and every uploaded file in one verified archive.

Nightly, from cron (see README "Backup and restore"):
    30 2 * * *  cd /srv/telka && .venv/bin/python manage.py backup --dir /var/backups/telka --keep 14
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from telka.lib.backup import BackupError, create_backup, prune


class Command(BaseCommand):
    help = "Back up the database and every uploaded file into one archive with a manifest of SHA-256 hashes."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive path (default: DIR/telka-<UTC time>.tar.gz).")
        parser.add_argument(
            "--dir", default=str(Path(settings.VAR_DIR) / "backups"), help="Directory for archives."
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="Keep only the N newest archives in --dir."
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        directory = Path(options["dir"])
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        archive = Path(options["output"] or directory / f"telka-{stamp}.tar.gz")
        try:
            manifest = create_backup(archive, alias=options["database"])
        except BackupError as e:
            raise CommandError(str(e)) from e
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"{archive}: {manifest['engine']} database and {len(manifest['files']) - 1} media files, "
            f"{size} bytes before compression."
        )
        if options["keep"] > 0:
            for old in prune(directory, options["keep"]):
                self.stdout.write(f"removed {old}")
