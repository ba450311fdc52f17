"""Making an ASiC-E container with a XAdES signature, as an applicant's signing tool
does: for the tests and the demo (`manage.py demo_sign_asice`) only. Telka itself never
signs containers; it validates them (asice.py).

The XML signature is made by signxml's XAdES signer; this module only lays the data
files out as detached references, adds a SignatureTimeStamp when a timestamp service is
given, and zips the container in the order ETSI EN 319 162 asks (mimetype first, stored)."""

import asyncio
import datetime
import hashlib
import io
import zipfile
from urllib.parse import quote

from .asice import DS, MIMETYPE, XADES

ASIC = "http://uri.etsi.org/02918/v1.2.1#"
C14N = "http://www.w3.org/2006/12/xml-c14n11"


def _signer_class():
    from lxml.etree import Element, SubElement
    from signxml import SignatureConstructionMethod
    from signxml.signer import SignatureReference
    from signxml.xades import XAdESSigner

    class DetachedFilesSigner(XAdESSigner):
        """signxml's XAdES signer with the container's files as detached references
        (their bytes digested as they are), inside an asic:XAdESSignatures root."""

        def __init__(self, files: dict[str, bytes], signing_time: datetime.datetime):
            super().__init__(
                method=SignatureConstructionMethod.detached,
                signature_algorithm="ecdsa-sha256",
                digest_algorithm="sha256",
                c14n_algorithm=C14N,
            )
            self.files = files
            self.signing_time = signing_time

        def _unpack(self, data, references):
            root = Element(f"{{{ASIC}}}XAdESSignatures", nsmap={"asic": ASIC})
            sig_root = SubElement(root, self._ds_tag("Signature"), nsmap=self.namespaces)
            references = [SignatureReference(URI=quote(name)) for name in self.files]
            return sig_root, root, list(self.files.values()), references

        def _c14n(self, nodes, algorithm, inclusive_ns_prefixes=None):
            if isinstance(nodes, bytes):
                return nodes
            return super()._c14n(nodes, algorithm, inclusive_ns_prefixes)

        def _build_sig(self, sig_root, references, *args, **kwargs):
            signed_info, value = super()._build_sig(sig_root, references, *args, **kwargs)
            for transforms in signed_info.iter(self._ds_tag("Transforms")):
                if not len(transforms):
                    transforms.getparent().remove(transforms)
            return signed_info, value

        def add_signing_time(self, signed_signature_properties, sig_root, signing_settings):
            node = SubElement(signed_signature_properties, f"{{{XADES}}}SigningTime")
            node.text = self.signing_time.strftime("%Y-%m-%dT%H:%M:%SZ")

    return DetachedFilesSigner


def _add_timestamp(signature, timestamper) -> None:
    """A XAdES SignatureTimeStamp over the canonicalised SignatureValue."""
    import base64

    from lxml import etree

    value = signature.find(f"{{{DS}}}SignatureValue")
    digest = hashlib.sha256(etree.tostring(value, method="c14n")).digest()
    token = asyncio.run(timestamper.async_timestamp(digest, "sha256")).dump()
    qualifying = signature.find(f".//{{{XADES}}}QualifyingProperties")
    unsigned = etree.SubElement(qualifying, f"{{{XADES}}}UnsignedProperties")
    props = etree.SubElement(unsigned, f"{{{XADES}}}UnsignedSignatureProperties")
    stamp = etree.SubElement(props, f"{{{XADES}}}SignatureTimeStamp", Id="TS-1")
    etree.SubElement(stamp, f"{{{DS}}}CanonicalizationMethod", Algorithm=C14N)
    encapsulated = etree.SubElement(stamp, f"{{{XADES}}}EncapsulatedTimeStamp")
    encapsulated.text = base64.b64encode(token).decode()


def make_asice(
    files: dict[str, bytes],
    *,
    key,
    chain: list,
    signing_time: datetime.datetime | None = None,
    timestamper=None,
    signed_files: list[str] | None = None,
) -> bytes:
    """An ASiC-E container of `files` (name → bytes) signed with `key` (a cryptography
    private key) and `chain` (cryptography certificates, the signer's first). Only
    `signed_files` are signed when given (to make a container that is not fully signed);
    `timestamper` is a pyHanko TimeStamper."""
    from lxml import etree

    when = signing_time or datetime.datetime.now(datetime.UTC)
    covered = {name: files[name] for name in (signed_files or files)}
    signature = _signer_class()(covered, when).sign(
        None, key=key, cert=chain, exclude_c14n_transform_element=True
    )
    if timestamper is not None:
        _add_timestamp(signature, timestamper)
    xml = etree.tostring(signature.getroottree(), xml_declaration=True, encoding="UTF-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            archive.writestr(name, data)
        manifest = _manifest(files)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("META-INF/signatures0.xml", xml)
    return out.getvalue()


def _manifest(files: dict[str, bytes]) -> bytes:
    from xml.sax.saxutils import quoteattr

    ns = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<manifest:manifest xmlns:manifest="{ns}">',
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE.decode()}"/>',
    ]
    lines += [
        f"<manifest:file-entry manifest:full-path={quoteattr(name)} "
        'manifest:media-type="application/octet-stream"/>'
        for name in files
    ]
    lines.append("</manifest:manifest>")
    return "\n".join(lines).encode()
