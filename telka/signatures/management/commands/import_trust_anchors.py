"""Import trust anchors electronic signatures must chain to: the CA certificates of a
folder (PEM or DER: .pem, .crt, .cer, .der), or the qualified CA and timestamp services
of an EU trusted list saved as a file (--trusted-list, ETSI TS 119 612 XML)."""

from pathlib import Path

from asn1crypto import pem
from django.core.management.base import BaseCommand, CommandError

from telka.signatures.trusted_list import TrustedListError, read_trusted_list
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
        parser.add_argument("folder", type=Path, nargs="?")
        parser.add_argument(
            "--trusted-list",
            type=Path,
            action="append",
            default=[],
            help="A member state's trusted list (XML); its signature is not verified.",
        )
        parser.add_argument(
            "--source", default="", help="How the anchors are listed (default: the folder name)."
        )

    def handle(self, *args, folder: Path | None, source: str, trusted_list: list, **options):
        for path in trusted_list:
            self._import_trusted_list(path, source)
        if folder is None:
            if not trusted_list:
                raise CommandError("Name a folder of certificates or a --trusted-list file.")
            return
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

    def _import_trusted_list(self, path: Path, source: str) -> None:
        try:
            listed = read_trusted_list(path.read_bytes())
            added = import_anchors(
                certificates=listed.certificates, source=source or listed.source, ca_only=False
            )
        except (OSError, TrustedListError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        for subject in added:
            self.stdout.write(f"Imported {subject}")
        self.stdout.write(
            f"{listed.source}: {len(added)} trust anchor(s) imported, "
            f"{len(listed.certificates) - len(added)} skipped."
        )
