"""Admin helpers: models changed only through their app's workflow (checked and
audited) are shown in the admin but cannot be added, changed or deleted there."""


class ReadOnly:
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
