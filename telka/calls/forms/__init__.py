"""Forms of the calls app: staff.py (preparing a call), proposal.py (the applicant's sections)."""
