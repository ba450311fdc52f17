"""The funded projects' part of the site search (telka.lib.search): every project of
the LAG is public in summary (INV-28), found by number, title, summary and promoter.
One query."""

from django.utils.translation import pgettext_lazy

from telka.lib.search import Hit, contains_all, hit

from .models import Project

TEXT = ("number", "title", "summary")


def site_hits(lag, wanted: list[str]) -> list[Hit]:
    projects = (
        Project.objects.public()
        .filter(lag=lag)
        .select_related("promoter")
        .only("starts_on", "promoter__name", *TEXT)
    )
    return [
        hit(
            project,
            pgettext_lazy("search result", "Funded project"),
            wanted,
            day=project.starts_on,
            snippet="summary",
        )
        for project in projects
        if contains_all(
            " ".join([*(getattr(project, name) for name in TEXT), project.promoter.name]), wanted
        )
    ]
