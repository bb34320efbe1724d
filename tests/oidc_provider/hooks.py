"""The claims a municipality's provider puts in the ID token beyond the standard ones."""

# Who signed in with a second factor at the provider, as Entra ID says it in `amr`.
SIGNED_IN_WITH_MFA = {"eero"}


def id_token_claims(id_token, user, token, request, **kwargs):
    # Sent whatever scope the relying party asked for, as some providers do: Osmari must not
    # match accounts by the address nor take roles from the groups.
    id_token["email"] = user.email
    id_token["groups"] = ["osmari-admins"]
    id_token["roles"] = ["Osmari.AreaAdmin", "area_admin"]
    id_token["amr"] = ["pwd", "mfa"] if user.username in SIGNED_IN_WITH_MFA else ["pwd"]
    return id_token
