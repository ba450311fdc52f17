"""Personal data in consultations: what a person may download, and what is kept
(anonymised) when they delete their account. Suggestions and comments are part of
the LAG's record of the consultation (INV-07), so they stay with the name replaced."""

from django.utils import timezone

from .models import Comment, Follower, Participation, Report, Suggestion, Support


def _when(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def export_personal_data(user) -> dict:
    return {
        "suggestions": [
            {
                "consultation": s.consultation.title,
                "title": s.title,
                "text": s.text,
                "posted": _when(s.created_at),
                "hidden_reason": s.hidden_reason,
            }
            for s in Suggestion.objects.filter(author=user).select_related("consultation")
        ],
        "comments": [
            {"suggestion": c.suggestion.title, "text": c.text, "posted": _when(c.created_at)}
            for c in Comment.objects.filter(author=user).select_related("suggestion")
        ],
        "supports": [
            {"suggestion": s.suggestion.title, "when": _when(s.created_at)}
            for s in Support.objects.filter(user=user).select_related("suggestion")
        ],
        "participations": [
            {"consultation": p.consultation.title, "link": p.get_link_display()}
            for p in Participation.objects.filter(user=user).select_related("consultation")
        ],
        "following": [
            f.consultation.title
            for f in Follower.objects.filter(user=user).select_related("consultation")
        ],
        "reports": [
            {"reason": r.reason, "when": _when(r.created_at)}
            for r in Report.objects.filter(reporter=user)
        ],
    }


def anonymise_personal_data(user) -> None:
    """Replace the name on what they posted; stop e-mailing them; forget who reported.
    Supports and territory statements stay (they are counted) but point to no one."""
    Suggestion.objects.filter(author=user).update(author_name="", author=None)
    Comment.objects.filter(author=user).update(author_name="", author=None)
    Support.objects.filter(user=user).update(user=None)
    Participation.objects.filter(user=user).update(user=None)
    Follower.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).update(reporter=None)
