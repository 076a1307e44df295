"""The demo's logins: one administrator, editor, organizer and parent, each with a password.

Parents normally log in with a one-time code sent by e-mail; the passwords are only there so
that someone trying the demo can log in without reading mail.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

ORGANIZERS = "Organizers"
EDITORS = "Editors"  # created by Wagtail's own migrations
BOOKING_MODELS = ("offering", "session", "booking", "attendance")


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    first_name: str
    last_name: str
    group: str = ""
    is_superuser: bool = False

    @property
    def username(self) -> str:
        return self.email.split("@")[0]


ADMIN = DemoAccount(
    role="Administrator",
    email="admin@example.org",
    password="demo-admin-2026",  # noqa: S106 (a published demo login)
    first_name="Alva",
    last_name="Admin",
    is_superuser=True,
)
EDITOR = DemoAccount(
    role="Editor",
    email="editor@example.org",
    password="demo-editor-2026",  # noqa: S106
    first_name="Elis",
    last_name="Redaktör",
    group=EDITORS,
)
ORGANIZER = DemoAccount(
    role="Organizer",
    email="organizer@example.org",
    password="demo-organizer-2026",  # noqa: S106
    first_name="Olle",
    last_name="Gruppledare",
    group=ORGANIZERS,
)
PARENT = DemoAccount(
    role="Parent",
    email="parent@example.org",
    password="demo-parent-2026",  # noqa: S106
    first_name="Robin",
    last_name="Exempelsson",
)
ACCOUNTS = (ADMIN, EDITOR, ORGANIZER, PARENT)


def login_lines() -> list[str]:
    """What `load_demo --print-logins` prints: one line per demo account."""
    return [
        f"  {account.role + ':':<15} {account.email:<24} password {account.password}"
        for account in ACCOUNTS
    ]


def admin_access_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def ensure_organizers_group() -> Group:
    """Organizers may use the admin and view or change offerings, sessions and bookings."""
    group, _created = Group.objects.get_or_create(name=ORGANIZERS)
    codenames = [f"{action}_{model}" for model in BOOKING_MODELS for action in ("view", "change")]
    permissions = Permission.objects.filter(
        content_type__app_label="bookings", codename__in=codenames
    )
    group.permissions.add(admin_access_permission(), *permissions)
    return group


def ensure_editors_group() -> Group:
    group, created = Group.objects.get_or_create(name=EDITORS)
    if created:  # Wagtail's migrations normally make it, with page permissions.
        group.permissions.add(admin_access_permission())
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
        groups = {ORGANIZERS: ensure_organizers_group, EDITORS: ensure_editors_group}
        user.groups.add(groups[account.group]())
    return user


def ensure_accounts() -> dict[str, object]:
    """All demo users by role."""
    return {account.role: ensure_account(account) for account in ACCOUNTS}
