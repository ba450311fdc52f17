"""Import the CA certificates of a folder (PEM or DER: .pem, .crt, .cer, .der) as the
trust anchors electronic signatures must chain to."""

from pathlib import Path

from asn1crypto import pem
from django.core.management.base import BaseCommand, CommandError

from telka.signatures.workflow import import_anchors

SUFFIXES = {".pem", ".crt", ".cer", ".der"}


def read_certificates(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if pem.detect(data):
        return [
            der for kind, _headers, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"
        ]
    return [data]


class Command(BaseCommand):
    help = "Import a folder of CA certificates as trust anchors for electronic signatures."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--source", default="", help="How the anchors are listed (default: the folder name)."
        )

    def handle(self, *args, folder: Path, source: str, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        certificates = []
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in SUFFIXES:
                try:
                    certificates.extend(read_certificates(path))
                except (OSError, ValueError) as error:
                    raise CommandError(f"{path}: {error}") from error
        try:
            added = import_anchors(certificates=certificates, source=source or str(folder))
        except ValueError as error:
            raise CommandError(f"Not a certificate: {error}") from error
        for subject in added:
            self.stdout.write(f"Imported {subject}")
        self.stdout.write(
            f"{len(added)} trust anchor(s) imported, {len(certificates) - len(added)} skipped."
        )
