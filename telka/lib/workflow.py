"""What every workflow function shares: a refusal carrying user-facing reasons,
and the check of a status change against a model's table of allowed transitions."""

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _


class Refused(Exception):
    """A state change was refused. `reasons` are translated sentences for the user;
    the view shows them and nothing was changed."""

    def __init__(self, *reasons: str):
        self.reasons = [str(r) for r in reasons]
        super().__init__("; ".join(self.reasons))


def check_transition(
    current: str, target: str, allowed: Mapping[str, Iterable[str]], labels: Mapping[str, str]
) -> None:
    """Raise Refused unless `allowed[current]` contains `target`."""
    if target not in allowed.get(current, ()):
        raise Refused(
            _("This step is not possible now: “%(current)s” cannot become “%(target)s”.")
            % {"current": labels.get(current, current), "target": labels.get(target, target)}
        )
