"""Final rows stay as they were (INV-35), at every layer.

A model that keeps final records (signed minutes, adopted decisions, submitted
versions, accepted reports…) declares, next to its fields:

- `frozen_when`: a `Q` that is true for its final rows (`Q()` when every row is final);
- `mutable_fields`: the few fields that may still change on a final row, such as
  contact details a GDPR erasure overwrites or a user link `on_delete=SET_NULL` clears.

`FrozenModel.save()/delete()` and `FrozenQuerySet.update()/delete()` then refuse any
other change with a `FrozenError`. Below the ORM, a migration adds
`FreezeFinalRows(table, final_when=SQL, …)`: triggers on PostgreSQL and on SQLite that
refuse UPDATE and DELETE of a final row, so raw SQL is refused as well.

The SQL condition is written over `OLD` and must be valid on both databases (plain
comparisons, `IS NULL`, `IN (…)`, `EXISTS (SELECT …)`). The frozen columns are read
from the table when the migration runs: a later migration that adds a column to a
frozen table re-runs `FreezeFinalRows` for it (the operation replaces its triggers).
"""

from collections.abc import Iterable

from django.db import models
from django.db.migrations.operations.base import Operation
from django.utils.translation import gettext as _

ALWAYS = "1 = 1"


class FrozenError(Exception):
    """A final row was about to be changed or deleted."""


def refuse(model: type[models.Model], pk=None) -> FrozenError:
    return FrozenError(
        _(
            "%(object)s %(pk)s is final and cannot be changed or deleted; record a "
            "correction as a new entry instead (INV-35)."
        )
        % {"object": str(model._meta.verbose_name).capitalize(), "pk": pk or ""}
    )


class FrozenQuerySet(models.QuerySet):
    """Bulk updates and deletes would bypass `FrozenModel.save()`: refuse them when the
    rows include final ones (an update of `mutable_fields` only is allowed)."""

    def _final(self) -> "FrozenQuerySet":
        return self.filter(self.model.frozen_when)

    def update(self, **kwargs):
        if set(kwargs) - set(self.model.mutable_fields) and self._final().exists():
            raise refuse(self.model)
        return super().update(**kwargs)

    def delete(self):
        if self._final().exists():
            raise refuse(self.model)
        return super().delete()


class FrozenModel(models.Model):
    """Refuses to save or delete a row that is final in the database."""

    frozen_when: models.Q = models.Q()
    mutable_fields: frozenset[str] = frozenset()

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        fields = kwargs.get("update_fields")
        only_mutable = fields is not None and set(fields) <= set(self.mutable_fields)
        if not only_mutable and self.stored_is_final():
            raise refuse(type(self), self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_is_final():
            raise refuse(type(self), self.pk)
        return super().delete(*args, **kwargs)

    def stored_is_final(self) -> bool:
        if self._state.adding or self.pk is None:
            return False
        return type(self)._base_manager.filter(self.frozen_when, pk=self.pk).exists()


class FreezeFinalRows(Operation):
    """Create (or replace) the triggers refusing UPDATE and DELETE of `table`'s final rows.

    `final_when` is an SQL condition over `OLD` (`ALWAYS` for append-only tables);
    `mutable` lists columns a final row may still change freely, `null_only` columns it
    may only clear (user links with `on_delete=SET_NULL`)."""

    reversible = True
    reduces_to_sql = False

    def __init__(
        self,
        table: str,
        final_when: str = ALWAYS,
        mutable: Iterable[str] = (),
        null_only: Iterable[str] = (),
    ):
        self.table = table
        self.final_when = final_when
        self.mutable = tuple(mutable)
        self.null_only = tuple(null_only)

    def deconstruct(self):
        kwargs = {"table": self.table, "final_when": self.final_when}
        if self.mutable:
            kwargs["mutable"] = self.mutable
        if self.null_only:
            kwargs["null_only"] = self.null_only
        return (self.__class__.__qualname__, [], kwargs)

    def describe(self) -> str:
        return f"Freeze final rows of {self.table}"

    def state_forwards(self, app_label, state) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, self.table)
            ]
        for statement in self.drop_sql(connection.vendor):
            schema_editor.execute(statement)
        for statement in self.create_sql(connection.vendor, columns):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        for statement in self.drop_sql(schema_editor.connection.vendor):
            schema_editor.execute(statement)

    def changed_sql(self, vendor: str, columns: Iterable[str]) -> str:
        differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
        checks = []
        for column in columns:
            if column in self.mutable:
                continue
            check = f'OLD."{column}" {differs} NEW."{column}"'
            if column in self.null_only:
                check = f'({check} AND NEW."{column}" IS NOT NULL)'
            checks.append(check)
        return " OR ".join(checks) or "1 = 0"

    def message(self) -> str:
        return f"{self.table}: a final row cannot be changed or deleted (INV-35)"

    def create_sql(self, vendor: str, columns: Iterable[str]) -> list[str]:
        changed, name = self.changed_sql(vendor, columns), self.table
        if vendor == "postgresql":
            return [
                f"""CREATE FUNCTION {name}_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF {self.final_when} THEN
            RAISE EXCEPTION '{self.message()}' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF ({self.final_when}) AND ({changed}) THEN
        RAISE EXCEPTION '{self.message()}' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql""",
                f"CREATE TRIGGER {name}_frozen BEFORE UPDATE OR DELETE ON {name} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}_frozen()",
            ]
        if vendor == "sqlite":
            raise_it = f"BEGIN SELECT RAISE(ABORT, '{self.message()}'); END"
            return [
                f"CREATE TRIGGER {name}_frozen_update BEFORE UPDATE ON {name} FOR EACH ROW "
                f"WHEN ({self.final_when}) AND ({changed}) {raise_it}",
                f"CREATE TRIGGER {name}_frozen_delete BEFORE DELETE ON {name} FOR EACH ROW "
                f"WHEN ({self.final_when}) {raise_it}",
            ]
        return []

    def drop_sql(self, vendor: str) -> list[str]:
        name = self.table
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {name}_frozen ON {name}",
                f"DROP FUNCTION IF EXISTS {name}_frozen()",
            ]
        if vendor == "sqlite":
            return [
                f"DROP TRIGGER IF EXISTS {name}_frozen_update",
                f"DROP TRIGGER IF EXISTS {name}_frozen_delete",
            ]
        return []
