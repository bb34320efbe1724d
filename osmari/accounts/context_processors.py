from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access, sso
from osmari.accounts.middleware import second_factor_pending


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str


# Each later feature adds its entry here with the permission that shows it.
NAVIGATION = [
    NavItem(_("Start"), "accounts:home", "home.view"),
    NavItem(_("Worklist"), "screening:worklist", "screening.worklist"),
    NavItem(_("Clients"), "clients:list", "client.list"),
    NavItem(_("Organisations"), "employers:list", "organisation.list"),
    NavItem(_("Periods"), "placements:list", "placement.view"),
    NavItem(_("Client work"), "clients:activities", "coaching.view"),
    NavItem(_("Feedback"), "feedback:results", "feedback.results"),
    NavItem(_("Agreement template"), "agreements:templates", "agreement.template"),
    NavItem(_("Trainings and events"), "reciprocity:events", "reciprocity.register"),
    NavItem(_("Local subsidies"), "reciprocity:subsidies", "reciprocity.subsidies"),
    NavItem(_("EURA 2021"), "clients:eura_pending", "client.list"),
    NavItem(_("Programme"), "reporting:index", "reporting.view"),
    NavItem(_("Users"), "accounts:user_list", "users.manage"),
    NavItem(_("Audit log"), "accounts:audit_list", "audit.view"),
    NavItem(_("Personal data"), "accounts:privacy_register", "privacy.register"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    if second_factor_pending(request):
        # Nothing to navigate to before the second factor: every link would lead back.
        return {"nav_items": [], "user_roles": [], "second_factor_pending": True}
    current = request.path
    items = []
    for item in NAVIGATION:
        if access.may(user, item.permission):
            url = reverse(item.url_name)
            is_current = current == url or (url != "/" and current.startswith(url))
            items.append({"label": item.label, "url": url, "current": is_current})
    areas = access.user_areas(user)
    return {
        "nav_items": items,
        "user_roles": access.role_labels(access.roles(user)),
        # A user with roles in several areas chooses the one they work in.
        "working_areas": areas if len(areas) > 1 else [],
        "working_area": areas[0] if areas else None,
    }


def single_sign_on(request):
    """The identity provider's name for the sign-in button; empty when there is none."""
    return {"sso_name": sso.sso_name()}
