from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.lag.models import Sector

legal_code_validator = RegexValidator(
    r"^\d{9}$", _("A Lithuanian legal entity code has exactly 9 digits.")
)


# What an anonymised account is called on pages (translated when shown);
# the stored full_name gets its text in the site's default language.
DELETED_USER_LABEL = _("Deleted user")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a log-in. The e-mail address is the user name.

    Roles are not fields here: LAG staff and assessors are `lag.Role` rows,
    board members are `lag.BoardMembership` rows, applicants are members of an
    `Organisation`, and every verified user may act as a resident.
    `is_staff` only means "may open the Django admin" (the content back office).
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language for e-mails"), max_length=8, choices=settings.LANGUAGES, default="lt"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("may use the administration site"),
        default=False,
        help_text=_("Gives access to the content back office (/admin/)."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    pending_email = models.EmailField(
        _("new e-mail address awaiting confirmation"),
        blank=True,
        help_text=_(
            "Takes the place of the e-mail address once its owner opens the link sent to it."
        ),
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        if self.is_anonymised:
            return str(DELETED_USER_LABEL)
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution (VšĮ)")
    BUDGET_INSTITUTION = "budget_institution", _("Budgetary institution")
    MUNICIPALITY = "municipality", _("Municipality administration")
    COMPANY = "company", _("Company (UAB, AB)")
    SOLE_PROPRIETORSHIP = "sole_proprietorship", _("Individual enterprise (IĮ)")
    COOPERATIVE = "cooperative", _("Cooperative")
    CHARITY_FUND = "charity_fund", _("Charity and support fund")
    RELIGIOUS = "religious", _("Religious community")
    OTHER = "other", pgettext_lazy("legal form", "Other")


class Organisation(models.Model):
    """A legal person that applies for support (pareiškėjas) or partners in a project."""

    name = models.CharField(_("name"), max_length=300)
    legal_form = models.CharField(_("legal form"), max_length=40, choices=LegalForm.choices)
    legal_code = models.CharField(
        _("legal entity code"), max_length=9, unique=True, validators=[legal_code_validator]
    )
    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=Sector.choices,
        help_text=_("Public authority, business or civil society (NGO/community)."),
    )
    address = models.CharField(_("registered address"), max_length=300)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    operates_in_territory = models.BooleanField(_("operates in the LAG territory"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_lag_itself = models.BooleanField(
        _("is the LAG's own organisation"),
        default=False,
        help_text=_("The LAG applying as a beneficiary needs recusals and an independence note."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="organisations",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representative (may submit)")
    MEMBER = "member", _("Member (may edit drafts)")


class OrganisationMembership(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=OrganisationRole.choices,
        default=OrganisationRole.REPRESENTATIVE,
    )
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_org_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"


class ThrottleCounter(models.Model):
    """Attempts counted for one limit and one hashed IP or e-mail address within a
    window (see throttle.py). In the database, so every worker and every app server
    counts together and a restart forgets nothing."""

    key = models.CharField(max_length=80, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
