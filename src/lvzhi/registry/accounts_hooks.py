"""What the registry tells ``core`` about an account: whose it is (masked, for the activation
page) and who may unlock it (for the message a locked account shows)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lvzhi.core.models import User
from lvzhi.core.onetime import mask_name

from .models import Deputy, Membership, MembershipStatus, Role, RoleAssignment


def describe_account(user: User) -> dict[str, str]:
    deputy = Deputy.objects.filter(user=user).first()
    if deputy is None:
        grant = RoleAssignment.objects.filter(user=user).select_related("organisation").first()
        return {"unit": grant.organisation.name if grant else ""}
    seat = (
        Membership.objects.filter(deputy=deputy, status=MembershipStatus.SERVING)
        .select_related("electoral_unit")
        .order_by("-term__starts_on")
        .first()
    )
    return {
        "name": mask_name(deputy.name),
        "id_number": deputy.id_number_masked,
        "unit": seat.electoral_unit.name if seat else "",
    }


def unlockers(user: User) -> list[str]:
    """Deputies: the staff of their electoral units (and the office); staff: the
    administrators of their organisation. Administrators can always."""
    names: list[str] = []
    deputy = Deputy.objects.filter(user=user).first()
    if deputy is not None:
        units = (
            Membership.objects.filter(deputy=deputy)
            .select_related("electoral_unit")
            .order_by("-term__starts_on")
        )
        for seat in units:
            label = _("staff of %(unit)s") % {"unit": seat.electoral_unit.name}
            if label not in names:
                names.append(label)
    names.append(str(Role.ADMIN.label))
    return names
