"""A call can require that attachments of some kinds carry a qualified electronic
signature (issue 17 item 3, PAdES or ASiC-E): the completeness check reports an unsigned file or
an invalid signature like any other missing item, with the reason; a file signed with a
qualified signature chaining to a trust anchor passes."""

import pytest

from telka.calls.checks import proposal_problems
from telka.signatures.tests import pki
from telka.signatures.tests.conftest import pki_services, trusted_root  # noqa: F401

from .helpers import PDF, attach, make_proposal, office_file, open_call

pytestmark = pytest.mark.usefixtures("english", "pki_services", "trusted_root")


@pytest.fixture
def proposal(lag, strategy, organisation, ana):
    call = open_call(lag, strategy)
    call.signed_attachments = ["budget"]
    call.save()
    proposal = make_proposal(call, organisation, ana)
    proposal.attachments.all().delete()  # the builder's unsigned budget file
    return proposal


def signature_messages(proposal) -> list[str]:
    return [p.message for p in proposal_problems(proposal) if p.section == "attachments"]


def test_a_qualified_signature_passes(proposal):
    attach(proposal, pki.sign(PDF, "chair", "Declaration"), "deklaracija.pdf")
    assert signature_messages(proposal) == []


def test_an_unsigned_file_is_reported_like_a_missing_item(proposal):
    attach(proposal, PDF, "deklaracija.pdf")
    assert signature_messages(proposal) == ["deklaracija.pdf: it carries no electronic signature."]


def test_an_invalid_signature_is_reported_with_its_reason(proposal):
    attach(proposal, pki.sign(PDF, "revoked", "Declaration"), "deklaracija.pdf")
    assert signature_messages(proposal) == [
        "deklaracija.pdf: its signature is not valid: the signer's certificate was revoked."
    ]


def test_kinds_the_call_does_not_want_signed_are_not_checked(proposal):
    proposal.call.signed_attachments = []
    proposal.call.save()
    attach(proposal, PDF, "deklaracija.pdf")
    assert signature_messages(proposal) == []


DECLARATION = {"deklaracija.pdf": PDF, "partnerio-rastas.pdf": PDF}


def test_an_asice_container_with_a_qualified_signature_passes(proposal):
    attach(proposal, pki.asice(DECLARATION, "chair", timestamp=True), "deklaracija.asice")
    assert signature_messages(proposal) == []


def test_an_unsigned_asice_container_is_reported(proposal):
    attach(proposal, office_file("asice"), "deklaracija.asice")
    assert signature_messages(proposal) == [
        "deklaracija.asice: it carries no electronic signature."
    ]


def test_an_asice_container_with_a_file_left_unsigned_is_reported(proposal):
    container = pki.asice(DECLARATION, "chair", signed_files=["deklaracija.pdf"])
    attach(proposal, container, "deklaracija.asice")
    assert signature_messages(proposal) == [
        "deklaracija.asice: its signature is not valid: "
        "the signature does not cover every file in the container."
    ]


def test_an_asice_container_by_a_revoked_signer_is_reported(proposal):
    attach(proposal, pki.asice(DECLARATION, "revoked", timestamp=True), "deklaracija.asice")
    assert signature_messages(proposal) == [
        "deklaracija.asice: its signature is not valid: the signer's certificate was revoked."
    ]


def test_other_files_are_reported_as_neither_pdf_nor_container(proposal):
    attach(proposal, office_file("odt"), "deklaracija.odt")
    assert signature_messages(proposal) == [
        "deklaracija.odt: it must be a PDF or an ASiC-E container (.asice) signed with a "
        "qualified electronic signature."
    ]
