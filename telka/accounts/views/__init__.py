"""Accounts views, one module per noun: sign-up and passwords (access),
the personal area, the profile, personal data (privacy), organisations."""
