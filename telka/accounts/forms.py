import re

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.lag.models import BoardMembership, LinkKind, LocalActionGroup, Role, RoleKind
from telka.lib.forms import Layout

from . import emails, throttle
from .models import Organisation, OrganisationRole, User
from .workflow import ORGANISATION_FIELDS, email_in_use

PHONE_RE = re.compile(r"^\+?[\d ()-]{6,20}$")


def clean_phone(value: str) -> str:
    value = value.strip()
    if value and not PHONE_RE.match(value):
        raise forms.ValidationError(
            _("Enter a phone number of digits, e.g. +370 612 34567."), code="phone"
        )
    return value


def language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language for e-mails"),
        choices=settings.LANGUAGES,
        help_text=_("Messages from the LAG and Telka reach you in this language."),
    )


class LoginForm(Layout, AuthenticationForm):
    """Log-in by e-mail address; repeated failures for one address or from one
    IP address are refused for a while (see throttle.py)."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or password is wrong."),
        "inactive": _("This account is inactive."),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        checks = self._checks(email)
        blocked = [limit for limit, value in checks if value and throttle.is_exceeded(limit, value)]
        if blocked:
            minutes = max(limit.minutes for limit in blocked)
            raise forms.ValidationError(throttle.wait_message(minutes), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            for limit, value in checks:
                if value:
                    throttle.hit(limit, value)
            raise
        throttle.reset(throttle.LOGIN_PER_EMAIL, email)
        return cleaned

    def _checks(self, email: str) -> list[tuple[throttle.Limit, str]]:
        ip = throttle.client_ip(self.request) if self.request else ""
        return [(throttle.LOGIN_PER_EMAIL, email), (throttle.LOGIN_PER_IP, ip)]


def full_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class RegistrationForm(Layout, forms.Form):
    full_name = full_name_field()
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address; open it to confirm the address is yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = language_field()
    accepts_privacy_notice = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that the LAG processes my data as it describes."
        ),
        error_messages={"required": _("Please read and accept the privacy notice to register.")},
    )

    def clean_email(self) -> str:
        # Whether the address has an account is not said here but in the e-mail
        # (workflow.register_user), so the form reveals no one's registration.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResendVerificationForm(Layout, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class TelkaPasswordResetForm(Layout, PasswordResetForm):
    """Django's reset form, but the e-mail goes through our mailer and templates,
    in the user's language, with a link to the page in that language."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user = context["user"]
        reset_link = emails.link(
            "accounts:password_reset_confirm",
            user.language,
            uidb64=context["uid"],
            token=context["token"],
        )
        emails.password_reset(user, reset_link)


class ProfileForm(Layout, forms.Form):
    full_name = full_name_field()
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "If you change it, we send a link to the new address; "
            "the change takes effect once you open it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("Optional. The LAG may call you about your proposals."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    language = language_field()

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email != self.user.email and email_in_use(email, exclude=self.user):
            raise forms.ValidationError(
                _("Another account already uses this e-mail address."), code="taken"
            )
        return email


class DeleteAccountForm(Layout, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
    understood = forms.BooleanField(
        label=_("I understand that my account cannot be restored."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."), code="password")
        return password


class OrganisationForm(Layout, forms.ModelForm):
    """The organisation's details. Validates only: the view hands cleaned_data
    to workflow.create_organisation / update_organisation."""

    # Longer than the model's 9 so that "300 000 001" is accepted and cleaned,
    # and a 10-digit code gets our message rather than a length error.
    legal_code = forms.CharField(
        label=_("Legal entity code"),
        max_length=20,
        help_text=_("9 digits (juridinio asmens kodas)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        help_texts = {
            "name": _("As in the Register of Legal Entities."),
            "operates_in_territory": _(
                "Tick if the organisation is registered or runs activities in the LAG's territory."
            ),
            "email": _("The organisation's general address, not a person's, if it has one."),
        }

    def clean_legal_code(self) -> str:
        code = re.sub(r"\s+", "", self.cleaned_data["legal_code"])
        if not re.fullmatch(r"\d{9}", code):
            raise forms.ValidationError(
                _("A Lithuanian legal entity code has exactly 9 digits."), code="format"
            )
        existing = Organisation.objects.filter(legal_code=code).exclude(pk=self.instance.pk).first()
        if existing:
            raise forms.ValidationError(
                _(
                    "“%(name)s” (code %(code)s) is already registered in Telka. Ask its "
                    "representative to add you as a member: they can do it on the "
                    "organisation's page in My area."
                ),
                code="taken",
                params={"name": existing.name, "code": code},
            )
        return code

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def validate_unique(self):
        """clean_legal_code reports a taken code with a more helpful message."""


class OrganisationEditForm(OrganisationForm):
    class Meta(OrganisationForm.Meta):
        fields = [f for f in OrganisationForm.Meta.fields if f != "legal_code"]


class TelkaSetPasswordForm(Layout, SetPasswordForm):
    pass


class TelkaPasswordChangeForm(Layout, PasswordChangeForm):
    pass


class AddMemberForm(Layout, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        help_text=_("They need a Telka account with a confirmed address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=pgettext_lazy("organisation member", "Role"),
        choices=OrganisationRole.choices,
        initial=OrganisationRole.MEMBER,
    )


class MemberRoleForm(Layout, forms.Form):
    role = forms.ChoiceField(
        label=pgettext_lazy("organisation member", "Role"), choices=OrganisationRole.choices
    )


AUDITOR = "auditor"


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail address"), required=False, max_length=200)


class GrantRoleForm(Layout, forms.Form):
    kind = forms.ChoiceField(
        label=_("Role to grant"),
        choices=[
            *[(kind, label) for kind, label in RoleKind.choices if kind != AUDITOR],
            (AUDITOR, _("Auditor (reads the audit log)")),
        ],
    )
    title = forms.CharField(label=_("Job title"), required=False, max_length=200)


class LinkSeatForm(Layout, forms.Form):
    seat = forms.ModelChoiceField(label=_("Board seat"), queryset=BoardMembership.objects.none())

    def __init__(self, *args, lag: LocalActionGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = (
            BoardMembership.objects.filter(board__lag=lag, user=None)
            .exclude(valid_to__lt=timezone.localdate())
            .order_by("full_name", "valid_from")
        )
        self.fields["seat"].label_from_instance = lambda s: (
            f"{s.full_name} ({s.valid_from:%Y-%m-%d} – {s.valid_to or '…'})"
        )


class PromoterForm(Layout, forms.Form):
    legal_code = forms.RegexField(
        label=_("Organisation's legal entity code"),
        regex=r"^\d{9}$",
        error_messages={"invalid": _("A legal entity code has exactly 9 digits.")},
    )
    role = forms.ChoiceField(label=_("Role in the organisation"), choices=OrganisationRole.choices)

    def clean_legal_code(self):
        code = self.cleaned_data["legal_code"]
        organisation = Organisation.objects.filter(legal_code=code).first()
        if organisation is None:
            raise forms.ValidationError(_("No organisation has this legal entity code."))
        self.organisation = organisation
        return code


class LagOrganisationForm(Layout, forms.Form):
    legal_code = forms.RegexField(
        label=_("Organisation's legal entity code"),
        regex=r"^\d{9}$",
        error_messages={"invalid": _("A legal entity code has exactly 9 digits.")},
    )
    is_lag_itself = forms.TypedChoiceField(
        label=_("The LAG's own organisation"),
        choices=[("1", _("yes")), ("0", _("no"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("E.g. it is the LAG's own legal entity (the same legal code)."),
    )

    clean_legal_code = PromoterForm.clean_legal_code


class PersonLinkForm(Layout, forms.Form):
    """A recorded link (telka.lag.links): whose, to which organisation, of what kind."""

    holder = forms.ChoiceField(label=_("Person"))
    legal_code = forms.CharField(
        label=_("Organisation's legal entity code"),
        max_length=9,
        help_text=_("9 digits; the organisation need not be registered in Telka."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation's name"),
        max_length=300,
        required=False,
        help_text=_("Taken from Telka when the organisation is registered."),
    )
    kind = forms.ChoiceField(label=_("Kind of link"), choices=LinkKind.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    valid_from = forms.DateField(
        label=_("Since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args, lag: LocalActionGroup, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        roles = (
            Role.objects.active()
            .filter(lag=lag)
            .select_related("user")
            .order_by("user__full_name", "user__email", "kind")
        )
        accounts = {}
        for role in roles:
            accounts.setdefault(role.user, []).append(role.get_kind_display())
        seats = BoardMembership.objects.on(today).filter(board__lag=lag).order_by("full_name")
        board_label = pgettext_lazy("board seat", "board member")
        self.fields["holder"].choices = [
            ("", "—"),
            (
                _("LAG staff and assessors"),
                [(f"user-{u.pk}", f"{u} ({', '.join(map(str, k))})") for u, k in accounts.items()],
            ),
            (
                _("Board members"),
                [(f"seat-{s.pk}", f"{s.full_name} ({board_label})") for s in seats],
            ),
        ]
        self.seats = {s.pk: s for s in seats}
        self.accounts = {u.pk: u for u in accounts}

    def holder_kwargs(self) -> dict:
        """{"user": …} or {"seat": …} for telka.lag.links.record_link."""
        kind, _sep, pk = self.cleaned_data["holder"].partition("-")
        if kind == "seat":
            return {"seat": self.seats[int(pk)]}
        return {"user": self.accounts[int(pk)]}
