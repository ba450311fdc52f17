"""The admin's URLs; imported on first use (telka/lib/adminsite.py)."""

from telka.lib.adminsite import discover

site = discover()
urlpatterns = site.get_urls()
app_name = "admin"
