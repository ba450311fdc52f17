from io import StringIO

from django.core.management import call_command

from telka.consultations.models import Consultation, ConsultationStatus
from telka.consultations.tests.builders import make_consultation


def test_tick_runs_every_scheduled_job_and_survives_a_failing_one(lag, strategy, settings):
    settings.TELKA_SCHEDULED_COMMANDS = ["no_such_command", "update_consultations"]
    due = make_consultation(lag, status=ConsultationStatus.SCHEDULED)
    err = StringIO()
    call_command("tick", stdout=StringIO(), stderr=err)
    assert "no_such_command failed" in err.getvalue()
    assert Consultation.objects.get(pk=due.pk).status == ConsultationStatus.OPEN
