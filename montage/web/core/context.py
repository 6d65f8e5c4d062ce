"""Template context: the user's memberships and which menu entries apply."""

from montage.web import permissions


def desk(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_memberships": permissions.memberships(user),
        "menu_obligations": permissions.can_list_obligations(user),
        "menu_works": permissions.can_list_works(user),
        "menu_parameters": permissions.can_view_parameters(user),
    }
