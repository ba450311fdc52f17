"""An indicator targeted by a strategy version in force (or superseded) refuses UPDATE and
DELETE in the database (INV-08): a changed definition is a new indicator."""

from django.db import migrations

from telka.lib.frozen import FreezeFinalRows

USED = (
    "EXISTS (SELECT 1 FROM strategy_target t "
    "JOIN strategy_measure m ON m.id = t.measure_id "
    "JOIN strategy_objective o ON o.id = m.objective_id "
    "JOIN strategy_goal g ON g.id = o.goal_id "
    "JOIN strategy_strategy s ON s.id = g.strategy_id "
    "WHERE t.indicator_id = OLD.id AND s.status IN ('in_force', 'superseded'))"
)


class Migration(migrations.Migration):
    dependencies = [("strategy", "0002_amendments")]

    operations = [FreezeFinalRows("strategy_indicator", final_when=USED)]
