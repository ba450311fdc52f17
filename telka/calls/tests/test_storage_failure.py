"""A full media disk (or any storage failure) refuses an upload or a submission with a
clear message; the draft is as it was, nothing half-stored in the database."""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from telka.calls.models import Attachment, Proposal, ProposalStatus, Submission

from .helpers import PDF, make_proposal, open_call

FULL = "Serveris šiuo metu negali išsaugoti failų. Niekas neprarasta"


@pytest.fixture
def disk_full(monkeypatch):
    def no_space(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)


@pytest.fixture
def proposal(lag, strategy, organisation, ana, client):
    client.force_login(ana)
    return make_proposal(open_call(lag, strategy), organisation, ana)


def test_an_upload_on_a_full_disk_is_refused_with_a_clear_message(client, proposal, disk_full):
    response = client.post(
        reverse("calls:attachment_upload", args=[proposal.pk]),
        {"kind": "budget", "file": [SimpleUploadedFile("b.pdf", PDF)]},
        follow=True,
    )
    assert FULL in response.content.decode()
    assert not Attachment.objects.filter(original_name="b.pdf").exists()


def test_a_submission_on_a_full_disk_is_refused_and_the_draft_kept(
    client, proposal, disk_full, mailoutbox
):
    title = proposal.title
    response = client.post(reverse("calls:proposal_submit", args=[proposal.pk]), follow=True)
    assert FULL in response.content.decode()
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert (proposal.status, proposal.reg_number, proposal.title) == (
        ProposalStatus.DRAFT,
        None,
        title,
    )
    assert not Submission.objects.exists()
    assert proposal.call.last_sequence == 0
