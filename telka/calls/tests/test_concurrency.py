"""Many applicants submitting to one call at the same moment, on PostgreSQL."""

import threading

import pytest
from django.db import connection

from telka.calls import workflow
from telka.calls.models import Call, Proposal, Submission
from tests import base

from .helpers import make_proposal, open_call

pytestmark = pytest.mark.postgres
THREADS = 16


def at_once(jobs) -> list:
    """Run every job in its own thread (own database connection), all released together."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # reported to the test, not swallowed
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def call(transactional_db, lag, strategy):
    return open_call(lag, strategy)


def applicants(call, count: int) -> list:
    pairs = []
    for number in range(count):
        user = base.make_user(f"applicant{number}@example.test")
        organisation = base.make_organisation(user, legal_code=f"{500000000 + number}")
        pairs.append((make_proposal(call, organisation, user), user))
    return pairs


def test_simultaneous_submissions_get_unique_gapless_numbers(call):
    pairs = applicants(call, THREADS)
    results = at_once(
        [lambda p=p, u=u: workflow.submit_proposal(proposal=p, actor=u) for p, u in pairs]
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    registered = list(Proposal.objects.filter(call=call).order_by("submitted_at", "pk"))
    assert [p.sequence for p in registered] == list(range(1, THREADS + 1))
    assert [p.reg_number for p in registered] == [f"K4-{n:03d}" for n in range(1, THREADS + 1)]
    assert Call.objects.get(pk=call.pk).last_sequence == THREADS
    assert Submission.objects.count() == THREADS


def test_a_proposal_submitted_from_several_tabs_at_once_is_registered_once(call):
    [(proposal, user)] = applicants(call, 1)
    results = at_once([lambda: workflow.submit_proposal(proposal=proposal, actor=user)] * 6)
    assert {r.reg_number for r in results} == {"K4-001"}
    assert Submission.objects.count() == 1
    assert Call.objects.get(pk=call.pk).last_sequence == 1
