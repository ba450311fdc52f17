"""Import trust anchors electronic signatures must chain to: the CA certificates of a
folder (PEM or DER: .pem, .crt, .cer, .der), or the qualified CA and timestamp services
of an EU trusted list saved as a file (--trusted-list, ETSI TS 119 612 XML). With
--lotl, the EU list of trusted lists is verified against TELKA_LOTL_SIGNING_CERTS and
each --trusted-list against the signing certificates the LOTL names for its territory;
a list whose signature does not verify is refused and nothing is imported."""

from pathlib import Path

from asn1crypto import pem
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from telka.signatures.trusted_list import (
    TrustedListError,
    lotl_signers,
    read_trusted_list,
    verify_signature,
)
from telka.signatures.workflow import import_anchors, import_listed_services

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
            help="A member state's trusted list (XML); its signature is verified with --lotl.",
        )
        parser.add_argument(
            "--lotl",
            type=Path,
            help="The EU list of trusted lists (XML), verified against TELKA_LOTL_SIGNING_CERTS.",
        )
        parser.add_argument(
            "--source", default="", help="How the anchors are listed (default: the folder name)."
        )

    def handle(self, *args, folder: Path | None, source: str, trusted_list: list, **options):
        signers = self._lotl(options.get("lotl")) if options.get("lotl") else None
        for path in trusted_list:
            self._import_trusted_list(path, source, signers)
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

    def _lotl(self, path: Path) -> dict[str, list[bytes]]:
        """Who may sign each member state's list, from the LOTL once its own signature is
        verified against the Official Journal's certificates."""
        if not settings.TELKA_LOTL_SIGNING_CERTS:
            raise CommandError("Set TELKA_LOTL_SIGNING_CERTS to verify the LOTL's signature.")
        try:
            allowed = read_certificates(Path(settings.TELKA_LOTL_SIGNING_CERTS))
            data = path.read_bytes()
            signer = verify_signature(data, allowed)
            signers = lotl_signers(data)
        except (OSError, TrustedListError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(f"{path}: the LOTL is signed by {signer}.")
        return signers

    def _import_trusted_list(self, path: Path, source: str, signers: dict | None) -> None:
        try:
            data = path.read_bytes()
            listed = read_trusted_list(data)
            if signers is not None:
                signer = verify_signature(data, signers.get(listed.territory, []))
                self.stdout.write(f"{path}: signed by {signer}, as the LOTL says.")
            else:
                self.stdout.write(f"{path}: its signature is not verified (no --lotl).")
            result = import_listed_services(
                services=listed.services, source=source or listed.source
            )
        except (OSError, TrustedListError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        for subject in result["added"]:
            self.stdout.write(f"Imported {subject}")
        for subject in result["changed"]:
            self.stdout.write(f"Service type or status changed: {subject}")
        unchanged = len(listed.services) - len(result["added"]) - len(result["changed"])
        self.stdout.write(
            f"{listed.source}: {len(result['added'])} trust anchor(s) imported, "
            f"{len(result['changed'])} changed, {unchanged} unchanged or not granted."
        )
