"""The rule for files an applicant must sign (issue 17 item 3): a PDF (PAdES) or an
ASiC-E container (XAdES, asice.py) carrying at least one signature, every signature
valid (validation.validate_file) and at least one qualified.

Validating costs a few tenths of a second and asks OCSP responders, so the verdict is
cached by the file's SHA-256 for a day (a revocation shows after at most that long)."""

from django.core.cache import cache
from django.utils.translation import gettext as _

from .asice import is_asice
from .validation import PROBLEMS, validate_file

QUALIFIED = {"qes", "qseal"}
CACHE_SECONDS = 24 * 3600


def _verdict(data: bytes) -> tuple[str, str]:
    """(problem code, signer or detail) of one file; ("", signer) when accepted."""
    if not (data.startswith(b"%PDF") or is_asice(data)):
        return "not_pdf", ""
    report = validate_file(data)
    if not report.readable:
        return "not_pdf", ""
    if not report.signatures:
        return "unsigned", ""
    for check in report.signatures:
        if check.problem:
            return "invalid", check.problem
    if not any(check.qualification in QUALIFIED for check in report.signatures):
        return "not_qualified", report.signatures[0].signer
    return "", report.signatures[0].signer


def signature_problem(data: bytes, sha256: str) -> str:
    """Why the file is not accepted as qualified-signed, in the user's language; "" when
    it is."""
    return signature_state(data, sha256)[0]


def signature_state(data: bytes, sha256: str) -> tuple[str, str]:
    """(why the file is not accepted as qualified-signed, in the user's language, or "";
    the first signer's name, or "")."""
    key = f"telka:signed-upload:{sha256}"
    verdict = cache.get(key)
    if verdict is None:
        verdict = _verdict(data)
        cache.set(key, verdict, CACHE_SECONDS)
    code, detail = verdict
    messages = {
        "not_pdf": _(
            "it must be a PDF or an ASiC-E container (.asice) signed with a qualified "
            "electronic signature"
        ),
        "unsigned": _("it carries no electronic signature"),
        "invalid": _("its signature is not valid: %(reason)s")
        % {"reason": PROBLEMS.get(detail, detail)},
        "not_qualified": _("the signature of %(signer)s is not a qualified electronic signature")
        % {"signer": detail},
    }
    return str(messages.get(code, "")), (detail if code in ("", "not_qualified") else "")
