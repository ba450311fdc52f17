"""Reading an EU trusted list (ETSI TS 119 612 XML, e.g. Lithuania's, saved from the
supervisory body's site): the certificates of the qualified CA services (CA/QC) and
qualified timestamp services (TSA/QTST), each with its service's type, current status
(granted, withdrawn…) and qualifiers (ForeSignatures, QCForESig, QCForESeal…).

A list's own XML signature is verified when the EU list of trusted lists (LOTL) is
imported alongside it (`verify_signature`, `lotl_signers`): the LOTL against the signing
certificates published in the Official Journal (TELKA_LOTL_SIGNING_CERTS), and each
member state's list against the certificates the LOTL names for its territory. Staff
run this from the server (import_trust_anchors), never on an upload. The standard
library parser refuses entity expansion attacks (expat); signxml parses with entities
off."""

import base64
import binascii
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

NS = {
    "tsl": "http://uri.etsi.org/02231/v2#",
    "ecc": "http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#",
}
GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"
SERVICE_TYPES = {
    "http://uri.etsi.org/TrstSvc/Svctype/CA/QC",
    "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST",
}


LOTL_TYPE = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists"


class TrustedListError(ValueError):
    """Not a trusted list that can be read."""


@dataclass
class ListedService:
    """One certificate of a service on the list, with what the list says of it."""

    der: bytes
    kind: str
    status: str
    qualifiers: list[str] = field(default_factory=list)

    @property
    def granted(self) -> bool:
        return self.status == GRANTED


@dataclass
class TrustedList:
    territory: str
    sequence: str
    issued: str
    services: list[ListedService] = field(default_factory=list)
    kind: str = ""

    @property
    def certificates(self) -> list[bytes]:
        """The certificates of the granted services: the ones imported as anchors."""
        return [s.der for s in self.services if s.granted]

    @property
    def source(self) -> str:
        return f"EU trusted list {self.territory} no. {self.sequence} ({self.issued[:10]})"


def _text(element, path: str) -> str:
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def read_trusted_list(data: bytes) -> TrustedList:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise TrustedListError(f"not XML: {error}") from error
    if root.tag != f"{{{NS['tsl']}}}TrustServiceStatusList":
        raise TrustedListError("not an ETSI TS 119 612 trusted list")
    scheme = root.find("tsl:SchemeInformation", NS)
    if scheme is None:
        raise TrustedListError("the list has no scheme information")
    result = TrustedList(
        territory=_text(scheme, "tsl:SchemeTerritory"),
        sequence=_text(scheme, "tsl:TSLSequenceNumber"),
        issued=_text(scheme, "tsl:ListIssueDateTime"),
        kind=_text(scheme, "tsl:TSLType"),
    )
    by_certificate: dict[bytes, ListedService] = {}
    for info in root.iterfind(".//tsl:TSPService/tsl:ServiceInformation", NS):
        kind = _text(info, "tsl:ServiceTypeIdentifier")
        if kind not in SERVICE_TYPES:
            continue
        status = _text(info, "tsl:ServiceStatus")
        qualifiers = _qualifiers(info)
        for cert in info.iterfind(
            "tsl:ServiceDigitalIdentity/tsl:DigitalId/tsl:X509Certificate", NS
        ):
            listed = ListedService(_base64(cert.text), kind, status, qualifiers)
            by_certificate[listed.der] = _merged(by_certificate.get(listed.der), listed)
    result.services = list(by_certificate.values())
    return result


def _qualifiers(info) -> list[str]:
    """The service's additional information (ForeSignatures, ForeSeals…) and qualifiers
    (QCForESig, QCForESeal, QCWithQSCD…), by the last part of their URIs."""
    uris = [
        (node.text or "").strip()
        for node in info.iterfind(
            "tsl:ServiceInformationExtensions/tsl:Extension/tsl:AdditionalServiceInformation/tsl:URI",
            NS,
        )
    ]
    uris += [node.get("uri", "") for node in info.iterfind(".//ecc:Qualifier", NS)]
    names = [uri.rstrip("/").rsplit("/", 1)[-1] for uri in uris if uri]
    return list(dict.fromkeys(names))


def _merged(known: ListedService | None, new: ListedService) -> ListedService:
    """One certificate listed under several services: a granted qualified CA service
    counts over anything else, then any granted service; qualifiers of the same kind of
    service add up."""

    def rank(s: ListedService) -> tuple[bool, bool]:
        return (s.granted, s.kind == "http://uri.etsi.org/TrstSvc/Svctype/CA/QC")

    if known is None:
        return new
    if (known.kind, known.status) == (new.kind, new.status):
        known.qualifiers = list(dict.fromkeys(known.qualifiers + new.qualifiers))
        return known
    return new if rank(new) > rank(known) else known


def _base64(text: str | None) -> bytes:
    try:
        return base64.b64decode("".join((text or "").split()))
    except binascii.Error as error:
        raise TrustedListError(f"a certificate is not base64: {error}") from error


def lotl_signers(data: bytes) -> dict[str, list[bytes]]:
    """The certificates the EU list of trusted lists names as allowed to sign each
    member state's list, by territory ("LT": [DER, …]). `data` must already be verified
    (verify_signature)."""
    root = ET.fromstring(data)
    if _text(root, "tsl:SchemeInformation/tsl:TSLType") != LOTL_TYPE:
        raise TrustedListError("not the EU list of trusted lists (LOTL)")
    signers: dict[str, list[bytes]] = {}
    for pointer in root.iterfind(".//tsl:PointersToOtherTSL/tsl:OtherTSLPointer", NS):
        territory = ""
        for info in pointer.iterfind(".//tsl:OtherInformation/tsl:SchemeTerritory", NS):
            territory = (info.text or "").strip()
        certificates = signers.setdefault(territory, [])
        for node in pointer.iterfind(".//tsl:DigitalId/tsl:X509Certificate", NS):
            der = _base64(node.text)
            if der not in certificates:
                certificates.append(der)
    return signers


def verify_signature(data: bytes, certificates: list[bytes]) -> str:
    """The name of the one of `certificates` (DER) whose key made the list's enveloped
    XML signature (signxml: the references, the signature value, the certificate valid
    today); TrustedListError when none did."""
    from cryptography import x509
    from lxml import etree
    from signxml import SignatureConfiguration, XMLVerifier
    from signxml.exceptions import InvalidInput, InvalidSignature

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for der in certificates:
        cert = x509.load_der_x509_certificate(der)
        try:
            XMLVerifier().verify(
                data,
                x509_cert=cert,
                parser=parser,
                expect_config=SignatureConfiguration(location="./"),
            )
        except (InvalidSignature, InvalidInput, ValueError):
            continue
        names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        return str(names[0].value) if names else cert.subject.rfc4514_string()
    raise TrustedListError(
        "its XML signature is missing, broken or not made by a certificate allowed to sign it"
    )
