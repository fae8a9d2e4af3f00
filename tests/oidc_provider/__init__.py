"""A real OpenID Connect provider for the tests: a second Django process running
django-oauth-toolkit, started by the `oidc_provider` fixture (fixture.py). It stands in for the
municipality's Entra ID or AD FS. Its people (sub, e-mail, UPN, amr, ...) come from a JSON file
the tests write, read again on every request."""
