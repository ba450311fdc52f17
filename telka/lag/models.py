import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.lib.frozen import FrozenModel


class Sector(models.TextChoices):
    """The three kinds of partners of an urban LAG (DOMAIN §3.2)."""

    PUBLIC = "public", _("Public sector")
    BUSINESS = "business", _("Business")
    CIVIL = "civil", _("Civil society")


def normalise_host(value: str) -> str:
    """A host name as requests carry it, without port, case or a trailing dot."""
    value = (value or "").strip().lower()
    if value.startswith("["):  # an IPv6 literal keeps its colons
        return value.split("]")[0] + "]"
    if value.count(":") == 1:
        value = value.rsplit(":", 1)[0]
    return value.rstrip(".")


class LocalActionGroupQuerySet(models.QuerySet):
    def current(self) -> "LocalActionGroup | None":
        """The default LAG of this installation: settings.TELKA_LAG, else the first one.
        A request for a host name a LAG claims gets that LAG instead (lag/site.py).
        (Asked on every page: the query is compiled once per process,
        telka/lib/statements.py.)"""
        from telka.lib.statements import fetch_instance

        if settings.TELKA_LAG:
            return fetch_instance(
                ("lag", settings.TELKA_LAG),
                lambda: self.model.objects.filter(slug=settings.TELKA_LAG),
            )
        return fetch_instance(("lag",), lambda: self.model.objects.order_by("pk"))


class LocalActionGroup(models.Model):
    """Vietos veiklos grupė: the partnership that holds the strategy."""

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=80)
    slug = models.SlugField(_("slug"), unique=True)
    host = models.CharField(
        _("web address (host name)"),
        max_length=253,
        unique=True,
        null=True,
        blank=True,
        validators=[
            RegexValidator(
                r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
                _(
                    "Enter a host name such as vvg-aleksotas.lt, in lower case, without https:// or a path."
                ),
            )
        ],
        help_text=_(
            "The LAG's own site is served on this host name (e.g. vvg-aleksotas.lt or "
            "aleksotas.vvg-tinklas.lt). Empty: the installation's default LAG."
        ),
    )
    legal_code = models.CharField(
        _("legal entity code"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("A legal entity code has exactly 9 digits."))],
    )
    legal_form = models.CharField(_("legal form"), max_length=120, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    territory = models.CharField(_("territory"), max_length=300)
    territory_description = models.TextField(_("territory description"), blank=True)
    territory_description_en = models.TextField(_("territory description (English)"), blank=True)
    territory_en = models.CharField(_("territory (English)"), max_length=300, blank=True)
    vision = models.TextField(_("vision"), blank=True)
    vision_en = models.TextField(_("vision (English)"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    mission_en = models.TextField(_("mission (English)"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    is_demo = models.BooleanField(
        _("demonstration data"),
        default=False,
        help_text=_(
            "Shows a notice that names and figures not from the LAG's own texts are illustrative."
        ),
    )

    objects = LocalActionGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("local action group")
        verbose_name_plural = _("local action groups")

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        super().clean()
        if self.host:
            self.host = normalise_host(self.host)

    def site_url(self) -> str:
        """The absolute address of this LAG's site: its host name with the scheme and
        port of settings.SITE_URL, else SITE_URL itself."""
        from urllib.parse import urlsplit

        base = urlsplit(settings.SITE_URL)
        if not self.host:
            return settings.SITE_URL.rstrip("/")
        port = f":{base.port}" if base.port else ""
        return f"{base.scheme or 'https'}://{self.host}{port}"


class LagTask(models.Model):
    """One of the tasks (uždaviniai) from the LAG's statute."""

    lag = models.ForeignKey(
        LocalActionGroup, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("LAG")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        verbose_name = _("LAG task")
        verbose_name_plural = _("LAG tasks")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class MemberKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Natural person")


class MemberQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None) -> "MemberQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(joined_on__lte=on) | Q(joined_on=None)).filter(
            Q(left_on__gte=on) | Q(left_on=None)
        )


class Member(models.Model):
    """A member of the LAG association (asociacijos narys)."""

    lag = models.ForeignKey(
        LocalActionGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("LAG")
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    legal_code = models.CharField(_("legal entity code"), max_length=9, blank=True)
    website = models.URLField(_("website"), blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("LAG member")
        verbose_name_plural = _("LAG members")
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return self.name


class QuorumRule(models.TextChoices):
    MORE_THAN = "more_than", _("more than the share of members")
    AT_LEAST = "at_least", _("at least the share of members")


class RecusalScope(models.TextChoices):
    """INV-19: how far one declared interest reaches."""

    ALLOCATION = "allocation", _("The whole allocation (recommended: ranking is zero-sum)")
    PROPOSAL = "proposal", _("Only decisions that change the list place of that proposal")


GENDERS = ("female", "male", "")
GENDER_NAMES = ("female", "male", "unstated")


@dataclass
class GenderRow:
    sector: str
    label: str
    female: int
    male: int
    unstated: int

    @property
    def seats(self) -> int:
        return self.female + self.male + self.unstated

    @property
    def female_share(self) -> Decimal | None:
        """Women among the seats whose gender is stated."""
        stated = self.female + self.male
        return Decimal(self.female) / Decimal(stated) if stated else None


@dataclass
class Composition:
    """Voting rights on a board on one day, by interest group and public authority."""

    day: datetime.date
    total_votes: int = 0
    seats: int = 0
    votes_by_group: dict[str, int] = field(default_factory=dict)
    seats_by_group: dict[str, int] = field(default_factory=dict)
    public_authority_votes: int = 0
    # sector → gender ("female", "male", "" when not stated) → seats (INV-04)
    seats_by_gender: dict[str, dict[str, int]] = field(default_factory=dict)

    def share(self, votes: int) -> Decimal:
        return Decimal(votes) / Decimal(self.total_votes) if self.total_votes else Decimal(0)

    @property
    def public_authority_share(self) -> Decimal:
        return self.share(self.public_authority_votes)

    def group_shares(self) -> list[tuple[str, str, int, int, Decimal]]:
        """(code, label, seats, votes, share) for each sector, in the Sector order."""
        return [
            (
                code,
                label,
                self.seats_by_group.get(code, 0),
                self.votes_by_group.get(code, 0),
                self.share(self.votes_by_group.get(code, 0)),
            )
            for code, label in Sector.choices
        ]

    def violations(self, max_share: Decimal) -> list[str]:
        """INV-01: no interest group, and not the public authorities, above max_share."""
        problems = []
        if self.public_authority_share > max_share:
            problems.append("public_authority")
        problems += [code for code, _l, _s, _v, share in self.group_shares() if share > max_share]
        return problems

    def gender_rows(self) -> list[GenderRow]:
        """INV-04: seats by gender in each sector, and the whole board last. No names."""
        rows = []
        for code, label in Sector.choices:
            counts = self.seats_by_gender.get(code, {})
            rows.append(GenderRow(code, label, *(counts.get(g, 0) for g in GENDERS)))
        rows.append(
            GenderRow(
                "", _("Whole board"), *(sum(getattr(r, n) for r in rows) for n in GENDER_NAMES)
            )
        )
        return rows

    @property
    def seats_are_equal(self) -> bool:
        """INV-02 (warning only): the three sectors hold the same number of seats."""
        return len({self.seats_by_group.get(code, 0) for code in Sector.values}) == 1


class Board(models.Model):
    """The collegial decision body (valdyba) and the statute rules it votes by."""

    lag = models.OneToOneField(
        LocalActionGroup, on_delete=models.CASCADE, related_name="board", verbose_name=_("LAG")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    quorum_share = models.DecimalField(
        _("quorum share"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("From the statute, e.g. 0.5 with 'more than' = more than half of the members."),
    )
    quorum_rule = models.CharField(
        _("quorum rule"), max_length=20, choices=QuorumRule.choices, default=QuorumRule.MORE_THAN
    )
    max_group_share = models.DecimalField(
        _("maximum share of one interest group"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.49"),
        help_text=_("Regulation 1303/2013 Art. 32(2)(b): 49 % of the voting rights."),
    )
    max_public_vote_share = models.DecimalField(
        _("maximum share of public-authority votes in a decision"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        help_text=_("Regulation 1303/2013 Art. 34(3)(b): at least 50 % of votes non-public."),
    )

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return f"{self.lag} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("lag:board")

    def initial_statute(self) -> "BoardStatute":
        """The rules the board was set up with (its own fields), in force until the first
        dated statute record. Not saved."""
        settings_row = getattr(self.lag, "decision_settings", None) if self.lag_id else None
        return BoardStatute(
            board=self,
            valid_from=datetime.date.min,
            quorum_share=self.quorum_share,
            quorum_rule=self.quorum_rule,
            max_group_share=self.max_group_share,
            max_public_vote_share=self.max_public_vote_share,
            recusal_scope=settings_row.recusal_scope if settings_row else RecusalScope.ALLOCATION,
        )

    def statute_on(self, day: datetime.date | None = None) -> "BoardStatute":
        """The statute in force on `day`: decisions use the one of their date (INV-20/21)."""
        day = day or timezone.localdate()
        found = self.statutes.filter(valid_from__lte=day).order_by("-valid_from").first()
        return found or self.initial_statute()

    def composition(self, day: datetime.date | None = None, memberships=None) -> Composition:
        """The composition on `day` (INV-03), or of the given memberships."""
        day = day or timezone.localdate()
        if memberships is None:
            memberships = self.memberships.on(day)
        result = Composition(day=day)
        for seat in memberships:
            result.seats += 1
            result.total_votes += seat.voting_rights
            group = seat.interest_group
            result.votes_by_group[group] = result.votes_by_group.get(group, 0) + seat.voting_rights
            result.seats_by_group[group] = result.seats_by_group.get(group, 0) + 1
            if seat.is_public_authority:
                result.public_authority_votes += seat.voting_rights
            by_gender = result.seats_by_gender.setdefault(group, {})
            by_gender[seat.gender] = by_gender.get(seat.gender, 0) + 1
        return result


class BoardStatute(FrozenModel):
    """The board's voting rules from a date, as the general meeting decided them: quorum,
    the vote-balance limits and the recusal scope. A change is a new row (history is kept,
    rows are final); `telka.lag.workflow.change_statute` checks it against the legal
    bounds of the programming period (telka.lag.periods)."""

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="statutes", verbose_name=_("board")
    )
    valid_from = models.DateField(_("in force from"))
    quorum_share = models.DecimalField(
        _("quorum share"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    quorum_rule = models.CharField(_("quorum rule"), max_length=20, choices=QuorumRule.choices)
    max_group_share = models.DecimalField(
        _("maximum share of one interest group"), max_digits=4, decimal_places=3
    )
    max_public_vote_share = models.DecimalField(
        _("maximum share of public-authority votes in a decision"), max_digits=4, decimal_places=3
    )
    recusal_scope = models.CharField(
        _("scope of a recusal"), max_length=20, choices=RecusalScope.choices
    )
    decision_reference = models.CharField(
        _("general meeting decision"),
        max_length=300,
        help_text=_("E.g. general meeting of 2026-03-14, minutes no. 3, item 2."),
    )
    period = models.CharField(_("programming period"), max_length=20)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    frozen_when = Q()
    mutable_fields = frozenset({"recorded_by"})

    class Meta:
        verbose_name = _("board statute")
        verbose_name_plural = _("board statutes")
        ordering = ["board", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["board", "valid_from"], name="one_statute_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.board} — {self.valid_from}"

    @property
    def is_initial(self) -> bool:
        return self.pk is None


class BoardRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", pgettext_lazy("board role", "Member")


class BoardMembershipQuerySet(models.QuerySet):
    def on(self, day: datetime.date | None = None) -> "BoardMembershipQuerySet":
        """Memberships valid on a day (INV-03: decisions use that day's composition)."""
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(Q(valid_to__gte=day) | Q(valid_to=None))


class BoardMembership(models.Model):
    """A seat on the board for a period. Never edited into the past: end it and add a new one."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("board")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_memberships",
        verbose_name=_("user account"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    represents = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_seats",
        verbose_name=_("represents member"),
    )
    interest_group = models.CharField(_("interest group"), max_length=20, choices=Sector.choices)
    is_public_authority = models.BooleanField(_("public authority"), default=False)
    role = models.CharField(
        _("role"), max_length=20, choices=BoardRole.choices, default=BoardRole.MEMBER
    )
    gender = models.CharField(
        _("gender"),
        max_length=10,
        blank=True,
        choices=[("female", _("female")), ("male", _("male"))],
        help_text=_("Optional; used only for the board's gender-balance statistics."),
    )
    voting_rights = models.PositiveSmallIntegerField(_("votes"), default=1)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = BoardMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("board membership")
        verbose_name_plural = _("board memberships")
        ordering = ["role", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="board_membership_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class RoleKind(models.TextChoices):
    STAFF = "staff", _("LAG staff")
    ASSESSOR = "assessor", _("Assessor")
    # Reads this LAG's audit log and nothing else (telka.audit.permissions).
    AUDITOR = "auditor", _("Auditor")


class RoleQuerySet(models.QuerySet):
    def active(self) -> "RoleQuerySet":
        today = timezone.localdate()
        return self.filter(Q(valid_to__gte=today) | Q(valid_to=None), valid_from__lte=today)


class Role(models.Model):
    """A working role someone holds for a LAG: staff (administracija) or assessor."""

    lag = models.ForeignKey(
        LocalActionGroup, on_delete=models.CASCADE, related_name="roles", verbose_name=_("LAG")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["lag", "user", "kind", "valid_from"], name="unique_role_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"


class LinkKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Works for it (employment or a contract)")
    MEMBERSHIP = "membership", _("Member, founder, owner or in its management")
    RELATIVE = "relative", _("A close relative or partner works for it or leads it")
    OTHER = "other", pgettext_lazy("link kind", "Other interest")


class PersonLinkQuerySet(models.QuerySet):
    def on(self, day: datetime.date | None = None) -> "PersonLinkQuerySet":
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(Q(valid_to__gte=day) | Q(valid_to=None))


class PersonLink(models.Model):
    """A recorded link between someone who works on the LAG's decisions (an account:
    staff, assessor; or a board seat, with or without an account) and an organisation,
    found by its legal entity code. The formal check, the assessor assignment, the
    lists and the board's recusals read it (telka.lag.links, INV-19, INV-26). Recorded
    and ended on the staff's links page (telka.lag.links), never edited."""

    lag = models.ForeignKey(
        LocalActionGroup,
        on_delete=models.CASCADE,
        related_name="person_links",
        verbose_name=_("LAG"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person_links",
        verbose_name=_("account"),
    )
    seat = models.ForeignKey(
        BoardMembership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person_links",
        verbose_name=_("board seat"),
    )
    legal_code = models.CharField(
        _("organisation's legal entity code"),
        max_length=9,
        validators=[RegexValidator(r"^\d{9}$")],
    )
    organisation_name = models.CharField(_("organisation"), max_length=300)
    kind = models.CharField(_("kind of link"), max_length=20, choices=LinkKind.choices)
    note = models.TextField(_("note"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = PersonLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("recorded link")
        verbose_name_plural = _("recorded links")
        ordering = ["-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True, seat__isnull=False)
                | Q(user__isnull=False, seat__isnull=True),
                name="person_link_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="person_link_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} — {self.organisation_name} ({self.legal_code})"

    @property
    def holder_name(self) -> str:
        return str(self.seat.full_name if self.seat_id else self.user)
