"""A real OpenID Connect provider for the single sign-on tests, in its own process.

django-oidc-provider in a minimal Django project of its own (its own SQLite file, its own
users), served on the loopback interface: Osmari's relying party talks to it over HTTP exactly
as it talks to a municipality's Entra ID or identity broker. `process.py` starts it and signs
a person in on it; nothing here is part of Osmari.
"""
