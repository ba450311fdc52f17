"""Reading an EU trusted list (ETSI TS 119 612 XML, e.g. Lithuania's, saved from the
supervisory body's site): the certificates of the qualified CA services (CA/QC) and
qualified timestamp services (TSA/QTST) whose current status is "granted".

The list's own XML signature is not verified here: import a file you downloaded from the
official source over HTTPS. Staff run this from the server (import_trust_anchors), never
on an upload. The standard library parser refuses entity expansion attacks (expat)."""

import base64
import binascii
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

NS = {"tsl": "http://uri.etsi.org/02231/v2#"}
GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"
SERVICE_TYPES = {
    "http://uri.etsi.org/TrstSvc/Svctype/CA/QC",
    "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST",
}


class TrustedListError(ValueError):
    """Not a trusted list that can be read."""


@dataclass
class TrustedList:
    territory: str
    sequence: str
    issued: str
    certificates: list[bytes] = field(default_factory=list)

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
    )
    for info in root.iterfind(".//tsl:TSPService/tsl:ServiceInformation", NS):
        if _text(info, "tsl:ServiceTypeIdentifier") not in SERVICE_TYPES:
            continue
        if _text(info, "tsl:ServiceStatus") != GRANTED:
            continue
        for cert in info.iterfind(
            "tsl:ServiceDigitalIdentity/tsl:DigitalId/tsl:X509Certificate", NS
        ):
            try:
                result.certificates.append(base64.b64decode("".join((cert.text or "").split())))
            except binascii.Error as error:
                raise TrustedListError(f"a certificate is not base64: {error}") from error
    return result
