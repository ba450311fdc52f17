"""Demo step (load_demo): the TEST-ONLY demo PKI, with its root as the demo's only trust
anchor, so that `make run` seals receipts and accepts minutes signed with
`manage.py demo_sign_pdf`. Runs first: the other steps issue sealed receipts."""

from .demo_pki import ensure_seal, root_der
from .workflow import import_anchors

SOURCE = "DEMO - TEST ONLY (make run): never trust outside the demo"


def load(demo) -> None:
    ensure_seal()
    import_anchors(certificates=[root_der()], source=SOURCE)
