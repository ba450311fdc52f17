"""Data side of bench_deadline_rush.py, run as a separate process against the bench
database (DATABASE_URL set by the caller). Prints one JSON document.

    python bench/deadline_rush_data.py setup N        LAG, call, N applicants with complete
                                                      drafts (no attachment yet) and sessions
    python bench/deadline_rush_data.py deadline EPOCH set the call's closing time
    python bench/deadline_rush_data.py verify         what the database says after the rush
    python bench/deadline_rush_data.py drafts         unregistered proposals still whole drafts
    python bench/deadline_rush_data.py tasks EPOCH    the task queue: done, waiting, run twice;
                                                      receipts sent before and after EPOCH
"""

import datetime
import json
import os
import secrets
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "telka.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from telka.accounts.models import Organisation, OrganisationMembership, User  # noqa: E402
from telka.calls import workflow  # noqa: E402
from telka.calls.models import AttachmentKind, Call, Proposal, ProposalStatus, Submission  # noqa: E402
from telka.calls.tests.helpers import fill, open_call  # noqa: E402
from telka.lag.models import Sector  # noqa: E402
from tests.base import make_lag, make_strategy  # noqa: E402


def _session(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _applicant(call: Call, number: int) -> dict:
    user = User.objects.create_user(f"rush{number}@example.test", None, full_name=f"Rush {number}")
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    organisation = Organisation.objects.create(
        name=f"Rush organisation {number}",
        legal_form="association",
        legal_code=f"{600000000 + number}",
        sector=Sector.CIVIL,
        address="Aleksoto g. 1, Kaunas",
        operates_in_territory=True,
    )
    OrganisationMembership.objects.create(organisation=organisation, user=user)
    proposal = workflow.create_proposal(
        call=call, allocation=call.allocations.get(), organisation=organisation, actor=user
    )
    fill(proposal, with_attachment=False)
    return {"proposal": proposal.pk, "session": _session(user), "csrf": secrets.token_hex(16)}


def setup(count: int) -> dict:
    lag = make_lag()
    strategy = make_strategy(lag, measures=1, budget=Decimal(10**9))
    call = open_call(
        lag,
        strategy,
        closes_at=timezone.now() + datetime.timedelta(days=1),
        required_attachments=[AttachmentKind.BUDGET],
    )
    call.allocations.update(amount=Decimal(10**9))
    return {"call": call.pk, "clients": [_applicant(call, n) for n in range(count)]}


def deadline(epoch: float) -> dict:
    closes_at = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    Call.objects.update(closes_at=closes_at)
    return {"closes_at": closes_at.isoformat()}


def verify() -> dict:
    call = Call.objects.get()
    registered = list(
        Proposal.objects.filter(call=call, reg_number__isnull=False).order_by("sequence")
    )
    sequences = [p.sequence for p in registered]
    times = [p.submitted_at for p in registered]
    duplicated = Proposal.objects.values("reg_number").annotate(n=Count("pk")).filter(n__gt=1)
    return {
        "registered": [p.pk for p in registered],
        "duplicate_numbers": duplicated.exclude(reg_number=None).count(),
        "gaps": len(set(range(1, len(sequences) + 1)) - set(sequences)),
        "out_of_order": sum(1 for a, b in zip(times, times[1:], strict=False) if b < a),
        "after_closing": sum(1 for t in times if t >= call.closes_at),
        "counter": call.last_sequence,
        "submissions": Submission.objects.count(),
        "files_copied": Submission.objects.filter(files__isnull=False).count(),
    }


def drafts() -> dict:
    """Unregistered proposals that are still whole drafts: status draft, no number, no
    submitted version, their title and budget as the applicant left them."""
    intact = Proposal.objects.filter(
        status=ProposalStatus.DRAFT, reg_number=None, submissions__isnull=True
    ).exclude(title="")
    return {
        "intact_drafts": list(
            intact.filter(budget_lines__isnull=False).distinct().values_list("pk", flat=True)
        )
    }


def _receipts(closes_at: datetime.datetime) -> dict:
    """Receipt e-mails sent (the delivery task done; the rush sends no other e-mail)
    before the call closed, and how long after closing the last one went out."""
    from django.db.models import Max
    from django_tasks_db.models import DBTaskResult

    done = DBTaskResult.objects.successful()
    sent = done.filter(task_path="telka.lib.mail.deliver")
    last = sent.aggregate(last=Max("finished_at"))["last"]
    return {
        "receipts_rendered": done.filter(task_path="telka.calls.tasks.email_receipt").count(),
        "receipts_sent": sent.count(),
        "receipts_sent_before_closing": sent.filter(finished_at__lt=closes_at).count(),
        "last_receipt_s_after_closing": (
            round((last - closes_at).total_seconds(), 1) if last else None
        ),
    }


def tasks(epoch: float) -> dict:
    """The background tasks (rendering and e-mailing receipts) by state, how many were
    picked up by more than one worker (must be none: each task runs once), and when the
    receipts went out relative to the closing time `epoch`."""
    from django_tasks_db.models import DBTaskResult

    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    by_status: dict[str, int] = {}
    for status, _ in results:
        by_status[status] = by_status.get(status, 0) + 1
    return {
        "tasks": len(results),
        "by_status": by_status,
        "run_by_two_workers": sum(1 for _, workers in results if len(workers) > 1),
        "workers_used": sorted({w for _, workers in results for w in workers}),
        "receipts": _receipts(datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)),
    }


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    handlers = {
        "setup": lambda: setup(int(args[0])),
        "deadline": lambda: deadline(float(args[0])),
        "drafts": drafts,
        "tasks": lambda: tasks(float(args[0])),
    }
    result = handlers.get(command, verify)()
    print(json.dumps(result))
