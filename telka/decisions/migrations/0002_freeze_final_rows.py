"""Signed minutes and everything they record refuse UPDATE and DELETE in the database
(INV-35): adopted/rejected/invalid decisions with their lines and votes, issued notices,
and the attendance and declarations of a meeting whose minutes are signed."""

from django.db import migrations

from telka.lib.frozen import ALWAYS, FreezeFinalRows

DECISION_FINAL = "('adopted', 'rejected', 'invalid')"
OF_FINAL_DECISION = (
    "EXISTS (SELECT 1 FROM decisions_decision d WHERE d.id = OLD.decision_id "
    f"AND d.status IN {DECISION_FINAL})"
)
OF_SIGNED_MEETING = (
    "EXISTS (SELECT 1 FROM decisions_minutes m WHERE m.meeting_id = OLD.meeting_id "
    "AND m.signed_at IS NOT NULL)"
)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [
        FreezeFinalRows(
            "decisions_decision",
            final_when=f"OLD.status IN {DECISION_FINAL}",
            null_only=["recorded_by_id"],
        ),
        FreezeFinalRows("decisions_decisionline", final_when=OF_FINAL_DECISION),
        FreezeFinalRows(
            "decisions_vote", final_when=OF_FINAL_DECISION, null_only=["entered_by_id"]
        ),
        FreezeFinalRows(
            "decisions_minutes",
            final_when="OLD.signed_at IS NOT NULL",
            null_only=["recorded_by_id"],
        ),
        FreezeFinalRows("decisions_notice", final_when=ALWAYS),
        FreezeFinalRows(
            "decisions_attendance", final_when=OF_SIGNED_MEETING, null_only=["recorded_by_id"]
        ),
        FreezeFinalRows(
            "decisions_interestdeclaration",
            final_when=OF_SIGNED_MEETING,
            null_only=["entered_by_id"],
        ),
    ]
