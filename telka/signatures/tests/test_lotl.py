"""The EU list of trusted lists (issue 17 item 5): with --lotl, the LOTL's XML signature
is verified against the Official Journal's certificates (TELKA_LOTL_SIGNING_CERTS) and
each member state's list against the signing certificates the LOTL names for its
territory; a list signed by anyone else, changed after signing, or a LOTL not signed
by a configured certificate is refused and nothing is imported."""

import base64
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management import CommandError, call_command

from telka.signatures.models import TrustAnchor

from . import pki
from .test_trusted_list import trusted_list

pytestmark = pytest.mark.django_db

LOTL = """<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" Id="LOTL">
  <tsl:SchemeInformation>
    <tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
    <tsl:TSLSequenceNumber>300</tsl:TSLSequenceNumber>
    <tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists</tsl:TSLType>
    <tsl:SchemeTerritory>EU</tsl:SchemeTerritory>
    <tsl:ListIssueDateTime>2026-11-20T00:00:00Z</tsl:ListIssueDateTime>
    <tsl:PointersToOtherTSL>
      <tsl:OtherTSLPointer>
        <tsl:ServiceDigitalIdentities><tsl:ServiceDigitalIdentity><tsl:DigitalId>
          <tsl:X509Certificate>LT_SIGNER</tsl:X509Certificate>
        </tsl:DigitalId></tsl:ServiceDigitalIdentity></tsl:ServiceDigitalIdentities>
        <tsl:TSLLocation>https://example.test/LT-TL.xml</tsl:TSLLocation>
        <tsl:AdditionalInformation><tsl:OtherInformation>
          <tsl:SchemeTerritory>LT</tsl:SchemeTerritory>
        </tsl:OtherInformation></tsl:AdditionalInformation>
      </tsl:OtherTSLPointer>
    </tsl:PointersToOtherTSL>
  </tsl:SchemeInformation>
</tsl:TrustServiceStatusList>
"""


def signed(xml: bytes, label: str) -> bytes:
    """`xml` with an enveloped XML signature by `label` (signxml), as a scheme operator
    signs its list."""
    from lxml import etree
    from signxml import SignatureConstructionMethod, XMLSigner

    arch = pki.test_pki()
    key = serialization.load_der_private_key(arch.key_set.get_private_key(label).dump(), None)
    cert = x509.load_der_x509_certificate(arch.get_cert(label).dump())
    signer = XMLSigner(
        method=SignatureConstructionMethod.enveloped,
        signature_algorithm="ecdsa-sha256",
        c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#",
    )
    root = signer.sign(etree.fromstring(xml), key=key, cert=[cert])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def lists(tmp_path, settings):
    """The LOTL signed by the 'Official Journal' certificate (the test seal's), naming
    the outsider's certificate as the one that signs Lithuania's list."""
    oj = tmp_path / "oj.pem"
    oj.write_bytes(x509.load_der_x509_certificate(pki.cert_der("seal")).public_bytes(
        serialization.Encoding.PEM
    ))  # fmt: skip
    settings.TELKA_LOTL_SIGNING_CERTS = str(oj)
    lotl = LOTL.replace("LT_SIGNER", base64.b64encode(pki.cert_der("outsider")).decode())
    (tmp_path / "lotl.xml").write_bytes(signed(lotl.encode(), "seal"))
    member = trusted_list(tmp_path)
    member.write_bytes(signed(member.read_bytes(), "outsider"))
    return tmp_path / "lotl.xml", member


def run(lotl, member) -> str:
    out = io.StringIO()
    call_command("import_trust_anchors", lotl=lotl, trusted_list=[member], stdout=out)
    return out.getvalue()


def test_lists_signed_as_the_lotl_says_are_imported(lists):
    output = run(*lists)
    assert "the LOTL is signed by TEST ONLY LAG seal." in output
    assert "LT-TL.xml: signed by PETRAS OUTSIDERIS, as the LOTL says." in output
    assert TrustAnchor.objects.count() == 2


def test_a_member_list_signed_by_someone_else_is_refused(lists):
    lotl, member = lists
    member.write_bytes(signed(trusted_list(member.parent).read_bytes(), "chair"))
    with pytest.raises(CommandError, match="not made by a certificate allowed to sign it"):
        run(lotl, member)
    assert not TrustAnchor.objects.exists()


def test_a_member_list_changed_after_signing_is_refused(lists):
    lotl, member = lists
    member.write_bytes(
        member.read_bytes().replace(b"<tsl:TSLSequenceNumber>42", b"<tsl:TSLSequenceNumber>43")
    )
    with pytest.raises(CommandError, match="XML signature is missing, broken"):
        run(lotl, member)
    assert not TrustAnchor.objects.exists()


def test_a_lotl_not_signed_by_the_official_journal_certificate_is_refused(lists):
    lotl, member = lists
    lotl.write_bytes(signed(LOTL.encode(), "rogue-signer"))
    with pytest.raises(CommandError, match="not made by a certificate allowed to sign it"):
        run(lotl, member)
    assert not TrustAnchor.objects.exists()


def test_the_lotl_needs_the_official_journal_certificates(lists, settings):
    settings.TELKA_LOTL_SIGNING_CERTS = ""
    with pytest.raises(CommandError, match="Set TELKA_LOTL_SIGNING_CERTS"):
        run(*lists)
