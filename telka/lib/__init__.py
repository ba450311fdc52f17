"""Helpers with no models of their own: e-mail delivery, PDF, XLSX, HTML cleaning."""
