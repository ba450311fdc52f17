"""Demo step (load_demo): the TEST-ONLY demo PKI, with its root as the demo's only trust
anchor (listed as a granted qualified CA service of a pretend trusted list), so that `make run` seals receipts and accepts minutes signed with
`manage.py demo_sign_pdf`. Runs first: the other steps issue sealed receipts."""

from .demo_pki import ensure_seal, root_der
from .trusted_list import ListedService
from .validation import CA_QC, GRANTED
from .workflow import import_listed_services

SOURCE = "DEMO - TEST ONLY (make run): never trust outside the demo"


def load(demo) -> None:
    ensure_seal()
    # As if a trusted list named the demo root a granted qualified CA service, so the
    # demo's qualified signatures show as qualified.
    demo_service = ListedService(root_der(), CA_QC, GRANTED, ["ForeSignatures", "ForeSeals"])
    import_listed_services(services=[demo_service], source=SOURCE)
