"""Sign a PDF with a TEST-ONLY demo certificate in a person's name, to try the
signed-minutes upload in the demo: e.g. the chair, then the secretary, of a meeting."""

import io
from pathlib import Path

from django.core.management.base import BaseCommand

from telka.signatures import demo_pki


class Command(BaseCommand):
    help = "Sign a PDF (PAdES, incremental) with a demo certificate in NAME's name. Test only."

    def add_arguments(self, parser):
        parser.add_argument(
            "pdf", type=Path, help="The PDF to sign (e.g. the minutes for signing)."
        )
        parser.add_argument("output", type=Path)
        parser.add_argument("--name", required=True, help='Whose name, e.g. "Ona Petraitienė".')

    def handle(self, *args, pdf: Path, output: Path, name: str, **options):
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        signer = signers.SimpleSigner.load_pkcs12_data(
            demo_pki.person_pkcs12(name), other_certs=[], passphrase=demo_pki.PASSPHRASE
        )
        reader_input = io.BytesIO(pdf.read_bytes())
        writer = IncrementalPdfFileWriter(reader_input, strict=False)
        existing = {f for f, *_ in fields.enumerate_sig_fields(writer, filled_status=False)}
        field = next((f for f in ("Chair", "Secretary") if f in existing), None)
        meta = signers.PdfSignatureMetadata(
            field_name=field or f"Signature-{name}",
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        output.write_bytes(signers.PdfSigner(meta, signer).sign_pdf(writer).getvalue())
        self.stdout.write(f"Signed by {name.upper()} (demo certificate, test only): {output}")
