"""Foundation shared by every app: base model, audit trail, permissions, API
conventions and date arithmetic.

Nothing here imports a domain model, so providers/, tenders/ and reablement/
may depend on it without creating a cycle with the core app.
"""
