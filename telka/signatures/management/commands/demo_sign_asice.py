"""Sign files into an ASiC-E container with a TEST-ONLY demo certificate in a person's
name, to try a signed declaration in the demo (a call that wants attachments signed)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from telka.signatures import demo_pki


class Command(BaseCommand):
    help = "Sign files into an ASiC-E container (XAdES) with a demo certificate. Test only."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="The container to write (.asice).")
        parser.add_argument("files", type=Path, nargs="+", help="The files to sign.")
        parser.add_argument("--name", required=True, help='Whose name, e.g. "Ana Stankevičienė".')

    def handle(self, *args, output: Path, files: list[Path], name: str, **options):
        from cryptography.hazmat.primitives.serialization import pkcs12

        from telka.signatures.asice_make import make_asice

        key, cert, chain = pkcs12.load_key_and_certificates(
            demo_pki.person_pkcs12(name), demo_pki.PASSPHRASE
        )
        contents = {path.name: path.read_bytes() for path in files}
        output.write_bytes(make_asice(contents, key=key, chain=[cert, *chain]))
        self.stdout.write(f"Signed by {name.upper()} (demo certificate, test only): {output}")
