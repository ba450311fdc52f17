"""Consultation pages: public.py (list, one consultation, taking part, report),
suggestions.py (a suggestion, its comments and supports), manage.py (staff)."""
