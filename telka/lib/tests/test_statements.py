"""Queries compiled once per process give exactly what the ORM gives, fresh from the
database each time; only the compiling is skipped."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from telka.accounts.models import OrganisationMembership, User
from telka.lag.models import LocalActionGroup
from telka.lib import statements


@pytest.fixture(autouse=True)
def _nothing_kept():
    statements.forget()


def fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_an_object_with_its_related_objects_is_the_one_the_orm_reads(
    organisation, ana, django_assert_num_queries
):
    def build():
        return OrganisationMembership.objects.filter(user=ana).select_related(
            "organisation", "user"
        )

    [expected] = build()
    with django_assert_num_queries(1):
        [found] = statements.fetch_objects(("test", ana.pk), build)
        assert found.organisation.name == organisation.name  # no further query
    assert fields(found) == fields(expected)
    assert fields(found.organisation) == fields(expected.organisation)
    assert fields(found.user) == fields(expected.user)
    assert found._state.adding is False and found._state.db == "default"


def test_annotations_come_back_as_the_orm_gives_them(organisation, ana):
    def build():
        return User.objects.filter(pk=ana.pk).annotate(n=Count("memberships"))

    assert statements.fetch_objects(("test", "n"), build)[0].n == 1


def test_dates_and_flags_are_python_values_on_every_database(lag):
    found = statements.fetch_instance(("test", "lag"), lambda: LocalActionGroup.objects.all())
    assert fields(found) == fields(LocalActionGroup.objects.get())
    assert isinstance(found.is_demo, bool)


def test_the_rows_are_read_again_each_time_but_the_query_is_compiled_once(ana):
    def build():
        return User.objects.filter(pk=ana.pk)

    assert statements.fetch_instance(("test", ana.pk), build).full_name == ana.full_name
    User.objects.filter(pk=ana.pk).update(full_name="Ana Pakeista")

    def refuse():
        raise AssertionError("compiled again")

    assert statements.fetch_instance(("test", ana.pk), refuse).full_name == "Ana Pakeista"


def test_a_query_relative_to_now_is_never_kept(ana):
    def build():
        return User.objects.filter(pk=ana.pk, date_joined__lte=timezone.now())

    statements.fetch_objects(("test", "now"), build)
    assert ("test", "now") not in statements._kept
    statements.fetch_objects(
        ("test", "day"),
        lambda: User.objects.filter(pk=ana.pk, date_joined__date__lte=datetime.date(2999, 1, 1)),
    )
    assert ("test", "day") in statements._kept


def test_a_prefetched_relation_is_the_one_the_orm_reads_and_is_read_once(
    organisation, ana, django_assert_num_queries
):
    other = OrganisationMembership.objects.create(
        organisation=organisation, user=User.objects.create(email="o@x.test")
    )
    expected = list(organisation.memberships.all())
    assert other in expected
    with django_assert_num_queries(1):
        found = statements.prefetch(organisation, "memberships", ("test", organisation.pk))
        again = list(organisation.memberships.all())
        assert [m.organisation for m in again] == [organisation] * len(expected)
    assert [fields(m) for m in found] == [fields(m) for m in expected] == [fields(m) for m in again]


def test_pages_count_and_slice_as_the_orm_does(organisation, ana):
    for number in range(3):
        User.objects.create(email=f"p{number}@x.test")

    def build():
        return User.objects.order_by("email")

    pages = statements.Pages(("test", "users"), build)
    assert pages.count() == build().count() == 4
    assert [u.email for u in pages[1:3]] == [u.email for u in build()[1:3]]
    nobody = statements.Pages(("test", "nobody"), lambda: User.objects.filter(email="-"))
    assert nobody.count() == 0
