"""The demo's logins, each with a password: a superuser for the whole install; per
municipality a booking administrator, an editor and an organizer; and one parent, who has
bookings in both municipalities.

Parents normally log in with a one-time code sent by e-mail; the passwords are only there so
that someone trying the demo can log in without reading mail. Staff also need a code from an
authenticator app: in the demo (settings.DEMO_MODE) their app's secret is the published
DEMO_TOTP_SECRET, and `manage.py demo_totp <e-mail>` prints the current code.
"""

import time
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

ORGANIZERS = "Organizers"
EDITORS = "Editors"  # created by Wagtail's own migrations
BOOKING_MODELS = ("offering", "session", "booking", "attendance")
# A municipality's staff groups are named "<municipality>: <kind>", e.g. "Gnesta: redaktörer".
BOOKING_ADMINS, MUNICIPAL_ORGANIZERS, MUNICIPAL_EDITORS = (
    "bokningsadministratörer",
    "gruppledare",
    "redaktörer",
)
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# The demo staff's authenticator app secret: published, so only ever loaded with DEMO_MODE.
DEMO_TOTP_SECRET = "CLPIXPLFHY4AHFVH2DFPJRHW5SIFKO7Q"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    """A demo login; `key` gives its e-mail address and published password (admin@example.org,
    demo-admin-2026)."""

    key: str
    role: str
    first_name: str
    last_name: str
    group: str = ""
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@example.org"

    @property
    def password(self) -> str:
        return f"demo-{self.key}-2026"

    @property
    def username(self) -> str:
        return self.key

    @property
    def is_staff_login(self) -> bool:
        """Opens the admin, so logging in also asks for the authenticator app's code."""
        return bool(self.group or self.is_superuser)


def staff_group(municipality: str, kind: str) -> str:
    """The name of one of a municipality's staff groups (made by `staff.py`)."""
    return f"{municipality}: {kind}"


def gnesta(kind: str) -> str:
    return staff_group("Gnesta", kind)


def sollentuna(kind: str) -> str:
    return staff_group("Sollentuna", kind)


ADMIN = DemoAccount("admin", "Superuser (both)", "Alva", "Admin", is_superuser=True)
GNESTA_ADMIN = DemoAccount(
    "gnesta-admin", "Gnesta booking admin", "Greta", "Bokare", group=gnesta(BOOKING_ADMINS)
)
EDITOR = DemoAccount("editor", "Gnesta editor", "Elis", "Redaktör", group=gnesta(MUNICIPAL_EDITORS))
ORGANIZER = DemoAccount(
    "organizer", "Gnesta organizer", "Olle", "Gruppledare", group=gnesta(MUNICIPAL_ORGANIZERS)
)
SOLLENTUNA_ADMIN = DemoAccount(
    "sollentuna-admin", "Sollentuna booking admin", "Sanna", "Bokare",
    group=sollentuna(BOOKING_ADMINS),
)  # fmt: skip
SOLLENTUNA_EDITOR = DemoAccount(
    "sollentuna-editor", "Sollentuna editor", "Sixten", "Redaktör",
    group=sollentuna(MUNICIPAL_EDITORS),
)  # fmt: skip
SOLLENTUNA_ORGANIZER = DemoAccount(
    "sollentuna-organizer", "Sollentuna organizer", "Siv", "Gruppledare",
    group=sollentuna(MUNICIPAL_ORGANIZERS),
)  # fmt: skip
PARENT = DemoAccount("parent", "Parent (both)", "Robin", "Exempelsson")
ACCOUNTS = (
    ADMIN, GNESTA_ADMIN, EDITOR, ORGANIZER,
    SOLLENTUNA_ADMIN, SOLLENTUNA_EDITOR, SOLLENTUNA_ORGANIZER, PARENT,
)  # fmt: skip


def login_lines() -> list[str]:
    """What `load_demo --print-logins` prints: one line per demo account, in columns."""
    lines = []
    for account in ACCOUNTS:
        line = f"  {account.role + ':':<26}{account.email:<34}{account.password:<32}"
        if account.is_staff_login:
            line += f"code: manage.py demo_totp {account.email}"
        lines.append(line.rstrip())
    return lines


def admin_access_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def organizer_permissions() -> list[Permission]:
    """Admin access and view or change on offerings, sessions, bookings and attendance."""
    codenames = [f"{action}_{model}" for model in BOOKING_MODELS for action in ("view", "change")]
    permissions = Permission.objects.filter(
        content_type__app_label="bookings", codename__in=codenames
    )
    return [admin_access_permission(), *permissions]


def let_edit_pages(group: Group, page: Page) -> None:
    """`group` uses the admin and adds, edits and publishes `page` and the pages below it."""
    group.permissions.add(admin_access_permission())
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EDITOR_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def ensure_organizers_group() -> Group:
    """Organizers may use the admin and view or change offerings, sessions and bookings."""
    group, _created = Group.objects.get_or_create(name=ORGANIZERS)
    group.permissions.add(*organizer_permissions())
    return group


def ensure_editors_group() -> Group:
    """Editors use the admin and add, edit and publish every page themselves, with no approval
    step (Wagtail's migrations make the group; ours let it publish and turn the default
    workflow off)."""
    group, _created = Group.objects.get_or_create(name=EDITORS)
    let_edit_pages(group, Page.get_first_root_node())
    return group


def ensure_account(account: DemoAccount):
    """The demo user with a verified, primary e-mail address; created once, never changed."""
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=account.email).first()
    if user is None:
        user = user_model.objects.create_user(
            username=account.username,
            email=account.email,
            password=account.password,
            first_name=account.first_name,
            last_name=account.last_name,
            is_staff=account.is_superuser,
            is_superuser=account.is_superuser,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=account.email, defaults={"verified": True, "primary": True}
    )
    if account.group:
        # Exactly the demo's group (`staff.py` makes it), also for a login an older demo made.
        user.groups.set([Group.objects.get(name=account.group)])
    if account.is_staff_login and settings.DEMO_MODE:
        ensure_demo_authenticator(user)
    return user


def ensure_demo_authenticator(user) -> None:
    """The demo staff member's authenticator app, with the published demo secret."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def current_code(user) -> str | None:
    """The code the user's authenticator app shows now (None without an app), for the demo."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def ensure_accounts() -> dict[str, object]:
    """All demo users by their account's key ("parent", "sollentuna-organizer", ...); the
    staff groups must exist."""
    return {account.key: ensure_account(account) for account in ACCOUNTS}
