"""Views of the calls app, split by who uses them: public.py (anyone), applicant.py and
attachments.py (organisation members), staff.py and staff_proposals.py (LAG staff)."""
