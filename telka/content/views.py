"""The public site: home, news, documents, events, pages, search, calendars.

Lists and details of published content are generic views; registering and
cancelling are function views that call one workflow function each."""

from django.contrib import messages
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView

from telka.lag.site import current_lag
from telka.lib.pagecache import public_page, shared_fragment
from telka.lib.panels import collect
from telka.lib.search import site_search
from telka.lib.workflow import Refused

from . import ical, workflow
from .forms import DocumentFilterForm, RegistrationForm, SearchForm
from .models import Document, DocumentCategory, Event, EventRegistration, News, Page

HOME_NEWS, HOME_EVENTS, HOME_DOCUMENTS = 3, 3, 5


def paginate(request: HttpRequest, items, per_page: int) -> PaginatorPage:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


@public_page
def home(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)

    def body() -> str:
        context = {
            "lag": lag,
            "tasks": lag.tasks.all(),
            "latest_news": News.objects.filter(lag=lag)
            .published()
            .defer("body", "body_en")[:HOME_NEWS],
            "upcoming_events": Event.objects.filter(lag=lag).published().upcoming()[:HOME_EVENTS],
            "recent_documents": Document.objects.filter(lag=lag).published()[:HOME_DOCUMENTS],
            "pages": Page.objects.filter(lag=lag).published().only("slug", "title", "title_en"),
            "panels": collect("home", request),
        }
        return render_to_string("content/includes/home_body.html", context)

    # Anonymous visitors get the whole page from the page cache; logged-in people get
    # their own header (and messages) around the same shared body.
    context = {"lag": lag, "body": shared_fragment(f"home:{lag.pk}", body)}
    return render(request, "content/home.html", context)


class PublishedMixin:
    """Published objects of the request's LAG only; anything else is a 404."""

    model: type

    def get_queryset(self):
        self.lag = current_lag(self.request)
        return self.model.objects.filter(lag=self.lag).published()


class NewsListView(PublishedMixin, ListView):
    model = News
    paginate_by = 10

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        news = super().get_queryset().defer("body", "body_en", "search_text")
        return news.matching(self.form.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, query=self.form.query, **kwargs)


class NewsDetailView(PublishedMixin, DetailView):
    model = News

    def get_context_data(self, **kwargs):
        more = super().get_queryset().exclude(pk=self.object.pk).only("slug", "title", "title_en")
        return super().get_context_data(more_news=more[:3], **kwargs)


class PageDetailView(PublishedMixin, DetailView):
    model = Page

    def get_context_data(self, **kwargs):
        others = super().get_queryset().exclude(pk=self.object.pk).only("slug", "title", "title_en")
        return super().get_context_data(other_pages=others, **kwargs)


def document_list(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    form = DocumentFilterForm(request.GET)
    published = Document.objects.filter(lag=lag).published()
    counts = dict(published.order_by().values_list("category").annotate(n=Count("pk")))
    documents = published.matching(form.query).defer("search_text")
    if form.category_value:
        documents = documents.filter(category=form.category_value)
    categories = [(value, label, counts.get(value, 0)) for value, label in DocumentCategory.choices]
    context = {
        "form": form,
        "query": form.query,
        "category": form.category_value,
        "hidden": [("category", form.category_value)] if form.category_value else [],
        "categories": [c for c in categories if c[2]],
        "total": sum(counts.values()),
        "page_obj": paginate(request, documents, 20),
    }
    return render(request, "content/document_list.html", context)


def document_download(request: HttpRequest, pk: int) -> FileResponse:
    published = Document.objects.filter(lag=current_lag(request)).published()
    document = get_object_or_404(published, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file of this document is missing.") from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_name(),
        content_type=document.content_type or None,
    )


def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.filter(lag=current_lag(request)).published().with_taken()
    context = {
        "upcoming": list(events.upcoming()),
        "page_obj": paginate(request, events.past(), 10),
    }
    return render(request, "content/event_list.html", context)


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    events = Event.objects.filter(lag=current_lag(request)).published().with_taken()
    event = get_object_or_404(events, slug=slug)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = workflow.register_for_event(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                consent=form.cleaned_data["consent"],
                language=get_language(),
            )
        except Refused as refusal:
            for reason in refusal.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, registered_message(registration))
            return redirect(event)
    context = {
        "event": event,
        "form": form,
        "refusal": event.registration_refusal(event.taken),
        "seats_left": event.seats_left(event.taken),
    }
    return render(request, "content/event_detail.html", context)


def registered_message(registration: EventRegistration) -> str:
    return _(
        "You are registered. We sent a confirmation with a cancellation link to %(email)s."
    ) % {"email": registration.email}


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, key: str) -> HttpResponse:
    token = EventRegistration.token_from_key(key)
    registrations = EventRegistration.objects.select_related("event")
    registration = get_object_or_404(
        registrations, cancel_token=token or "-", event__lag=current_lag(request)
    )
    if request.method == "POST":
        try:
            workflow.cancel_registration(token=registration.cancel_token)
        except Refused as refusal:
            for reason in refusal.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("Your registration is cancelled and the place is free."))
            return redirect(registration.event)
    return render(
        request,
        "content/registration_cancel.html",
        {"registration": registration, "event": registration.event},
    )


def calendar_response(request: HttpRequest, events, *, filename: str) -> HttpResponse:
    name = current_lag(request).short_name
    body = ical.calendar(
        events, name=name, url_for=lambda e: request.build_absolute_uri(e.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    events = Event.objects.filter(lag=current_lag(request)).published()
    event = get_object_or_404(events, slug=slug)
    return calendar_response(request, [event], filename=f"{event.slug}.ics")


def events_ical(request: HttpRequest) -> HttpResponse:
    events = Event.objects.filter(lag=current_lag(request)).published().upcoming()
    return calendar_response(request, events, filename="events.ics")


def search(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    form = SearchForm(request.GET)
    hits = site_search(lag, form.query) if form.query else []
    context = {"form": form, "query": form.query, "page_obj": paginate(request, hits, 10)}
    if form.is_bound and not form.is_valid():
        context["problems"] = form.errors["q"]
    return render(request, "content/search.html", context)


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("site:sitemap"))
    return render(request, "content/robots.txt", {"sitemap": sitemap}, content_type="text/plain")
