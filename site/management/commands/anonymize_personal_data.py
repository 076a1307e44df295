"""Anonymize personal data past the retention time now (the periodic task does it too)."""

from django.core.management.base import BaseCommand, CommandError

from parentsite.retention import anonymize_ended_offerings

LABELS = {
    "bookings": "bookings anonymized",
    "interest_registrations": "interest registrations anonymized",
    "outbox_messages": "e-mails deleted",
    "accounts": "parent accounts deleted",
    "calendar_feeds": "calendar feeds deleted",
    "undeliverable_addresses": "bounce records deleted",
    "sessions": "expired sessions deleted",
    "task_results": "old task results deleted",
}


class Command(BaseCommand):
    help = (
        "Anonymize bookings of offerings whose last session ended more than "
        "PERSONAL_DATA_RETENTION_DAYS days ago, and delete what else identifies their parents. "
        "Prints counts only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Change nothing; print what would be done."
        )
        parser.add_argument(
            "--days", type=int, default=None, help="Retention in days (default: the setting)."
        )

    def handle(self, *args, dry_run: bool = False, days: int | None = None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        counts = anonymize_ended_offerings(days=days, dry_run=dry_run)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed. These would be done:")
        for key, value in counts.as_dict().items():
            label = LABELS[key]
            if dry_run:
                label = label.replace("anonymized", "to anonymize").replace(
                    "deleted", "to delete"
                )
            self.stdout.write(f"{value:>7} {label}")
