"""Views of the monitoring app, one module per noun: projects (staff and promoter),
reports, participants, the public project page, and the strategy dashboard."""
