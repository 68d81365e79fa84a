"""Hidden checks, one pytest module per assignment. Never released to students."""
