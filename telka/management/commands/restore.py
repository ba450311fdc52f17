"""manage.py restore ARCHIVE: load a `manage.py backup` archive into an empty instance
(a database without tables and an empty file storage), after checking every file's hash."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from telka.lib.backup import BackupError, check_archive, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty instance; refuses any hash mismatch."
    # The instance is empty until the restore: no checks that need its database.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--check", action="store_true", help="Only verify the archive; change nothing."
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        try:
            if options["check"]:
                manifest = check_archive(archive)
                verb = "verified"
            else:
                manifest = restore_backup(archive, alias=options["database"])
                verb = "restored"
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"{archive} {verb}: {manifest['engine']} database of {manifest['created_at']} and "
            f"{len(manifest['files']) - 1} media files, every SHA-256 matches."
        )
