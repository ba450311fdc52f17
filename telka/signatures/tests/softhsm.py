"""A SoftHSM2 token holding the test seal, as a LAG's HSM or smart card would: the
seal's private key imported with softhsm2-util (PKCS#8 PEM), its certificate and CA
chain added as certificate objects with python-pkcs11. The token lives in a temporary
folder (SOFTHSM2_CONF points at its own configuration)."""

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from . import pki

MODULES = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"]
TOKEN = "telka-seal"
PIN = "1234"
KEY_LABEL = "seal"


def module() -> str | None:
    """Where libsofthsm2 is, or None when SoftHSM2 is not installed."""
    found = next((path for path in MODULES if Path(path).exists()), None)
    return found if found and shutil.which("softhsm2-util") else None


@functools.cache
def make_token() -> str:
    """A new token with the test seal on it, in a temporary folder; returns the module's
    path. SOFTHSM2_CONF is set for this process (SoftHSM reads it once, when the module
    is first initialised, so one token serves the whole test run: made once)."""
    folder = Path(tempfile.mkdtemp(prefix="telka-softhsm-"))
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    util = ["softhsm2-util"]
    subprocess.run(
        [*util, "--init-token", "--free", "--label", TOKEN, "--so-pin", "0000", "--pin", PIN],
        check=True,
        capture_output=True,
    )
    arch = pki.test_pki()
    key = serialization.load_der_private_key(arch.key_set.get_private_key("seal").dump(), None)
    pem = folder / "seal-key.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    subprocess.run(
        [*util, "--import", str(pem), "--token", TOKEN, "--label", KEY_LABEL, "--id", "01",
         "--pin", PIN],
        check=True,
        capture_output=True,
    )  # fmt: skip
    pem.unlink()
    _add_certificates(module())
    return module()


def _add_certificates(path: str) -> None:
    import pkcs11
    from pkcs11 import Attribute
    from pkcs11.util.x509 import decode_x509_certificate

    token = pkcs11.lib(path).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        for label, object_id in [("seal", b"\x01"), ("qca", b"\x02"), ("root", b"\x03")]:
            attributes = decode_x509_certificate(pki.cert_der(label))
            attributes.update(
                {Attribute.TOKEN: True, Attribute.LABEL: label, Attribute.ID: object_id}
            )
            session.create_object(attributes)
