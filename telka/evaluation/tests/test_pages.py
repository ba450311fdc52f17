"""Every page answers its role, refuses the others with 404, and runs a bounded number
of queries whatever the number of proposals."""

import pytest
from django.urls import reverse

from telka.calls.models import Proposal
from telka.evaluation import workflow
from telka.evaluation.models import Result
from tests.base import count_queries

from .builders import make_assessor, make_proposal
from .scenario import pass_check, score


def login(client, user):
    client.force_login(user)
    return client


def staff_urls(call, proposal):
    return [
        reverse("evaluation:index"),
        reverse("evaluation:call", args=[call.pk]),
        reverse("evaluation:checklist", args=[call.pk]),
        reverse("evaluation:ranking", args=[call.pk]),
        reverse("evaluation:scores_xlsx", args=[call.pk]),
        reverse("evaluation:check", args=[proposal.pk]),
        reverse("evaluation:assessors", args=[proposal.pk]),
        reverse("evaluation:scores", args=[proposal.pk]),
        reverse("evaluation:sheet_pdf", args=[proposal.pk]),
    ]


def test_it_shows_every_staff_page_with_content(client, ranked, sara):
    login(client, sara)
    call = ranked.call
    for url in staff_urls(call, ranked):
        response = client.get(url)
        assert response.status_code == 200, url
    reserve = make_proposal(call, amount=call.allocations.first().amount, title="Per brangus")
    Result.objects.create(proposal=reserve, outcome="ranked", final_score=60)
    Proposal.objects.filter(pk=reserve.pk).update(status="ranked")
    below = make_proposal(call, title="Per silpnas")
    Result.objects.create(proposal=below, outcome="below_threshold", final_score=30)
    Proposal.objects.filter(pk=below.pk).update(status="below_threshold")
    page = client.get(reverse("evaluation:ranking", args=[call.pk])).content.decode()
    assert ranked.reg_number in page and "72,00" in page
    assert "Per brangus" in page and "Rezervas" in page
    assert "Per silpnas" in page and "Nesurinko mažiausio balo" in page
    scores = client.get(reverse("evaluation:scores", args=[ranked.pk])).content.decode()
    assert "Pagrįsta." in scores and "Eva Petrauskienė" in scores
    pdf = client.get(reverse("evaluation:sheet_pdf", args=[ranked.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["eva", "bruno", "rita", "ana"])
def test_it_refuses_staff_pages_to_everyone_else(client, ranked, persona, request):
    login(client, request.getfixturevalue(persona))
    index, *others = staff_urls(ranked.call, ranked)
    for url in others:
        assert client.get(url).status_code == 404, (persona, url)
    # An assessor is sent from the evaluation's front page to her own assessments.
    response = client.get(index)
    if persona == "eva":
        assert response.status_code == 302 and response.url == reverse("evaluation:workspace")
    else:
        assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, ranked):
    response = client.get(reverse("evaluation:ranking", args=[ranked.call_id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_assessor_cannot_open_an_unassigned_proposal_or_anothers_scores(client, ranked, eva):
    other = make_assessor(ranked.call.lag, "Ona")
    own = ranked.assessments.get(assessor=eva)
    jonas_sheet = ranked.assessments.exclude(assessor=eva).get()
    unassigned = make_proposal(ranked.call)
    login(client, other)
    assert client.get(reverse("evaluation:assessment", args=[own.pk])).status_code == 404
    login(client, eva)
    assert client.get(reverse("evaluation:assessment", args=[own.pk])).status_code == 200
    assert client.get(reverse("evaluation:assessment", args=[jonas_sheet.pk])).status_code == 404
    assert client.get(reverse("evaluation:scores", args=[ranked.pk])).status_code == 404
    assert client.get(reverse("evaluation:check", args=[unassigned.pk])).status_code == 404


def test_an_applicant_sees_the_status_but_never_a_score(client, ranked, ana, rita):
    login(client, ana)
    page = client.get(reverse("evaluation:status", args=[ranked.pk])).content.decode()
    assert ranked.get_status_display() in page
    assert "72,00" not in page and "72.00" not in page and "Pagrįsta." not in page
    assert client.get(reverse("evaluation:scores", args=[ranked.pk])).status_code == 404
    assert client.get(reverse("evaluation:sheet_pdf", args=[ranked.pk])).status_code == 404
    login(client, rita)
    assert client.get(reverse("evaluation:status", args=[ranked.pk])).status_code == 404


def _fill(call, sara, eva, jonas, n):
    for _ in range(n):
        proposal = make_proposal(call)
        pass_check(proposal, sara)
        first, second = workflow.assign_assessors(
            proposal=proposal, assessors=[eva, jonas], actor=sara
        )
        score(first, (30, 20, 20))
        score(second, (30, 20, 20))


def _counts(client, sara, eva, urls, personal):
    client.force_login(sara)
    staff = [count_queries(client, url) for url in urls]
    client.force_login(eva)
    return staff, [count_queries(client, url) for url in personal]


def test_lists_run_the_same_number_of_queries_for_1_and_20_proposals(client, call, sara, eva):
    jonas = make_assessor(call.lag, "Jonas")
    _fill(call, sara, eva, jonas, 1)
    proposal = call.proposals.first()
    urls = [
        reverse("evaluation:call", args=[call.pk]),
        reverse("evaluation:ranking", args=[call.pk]),
        reverse("evaluation:index"),
        reverse("evaluation:assessors", args=[proposal.pk]),
        reverse("evaluation:scores_xlsx", args=[call.pk]),
    ]
    personal = [reverse("evaluation:workspace"), reverse("accounts:dashboard")]
    few = _counts(client, sara, eva, urls, personal)
    _fill(call, sara, eva, jonas, 19)
    assert _counts(client, sara, eva, urls, personal) == few


def test_the_documents_carry_every_score(client, ranked, sara):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    client.force_login(sara)
    xlsx = client.get(reverse("evaluation:scores_xlsx", args=[ranked.call_id]))
    book = load_workbook(io.BytesIO(xlsx.content))
    results, scores = book.worksheets
    assert [c.value for c in results[2]][:1] == ["K4-001"]
    assert results[2][-2].value == 72
    assert scores.max_row == 1 + 2 * 4  # two assessors × four criteria
    pdf = client.get(reverse("evaluation:sheet_pdf", args=[ranked.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "K4-001" in text and "Pagrįsta." in text and "72" in text
