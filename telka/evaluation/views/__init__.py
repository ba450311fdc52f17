"""Pages of the formal check and the assessment, split by who uses them: staff
(check.py, assessment.py, results.py), assessors (workspace.py), applicants (applicant.py)."""
