"""Fixed choices for when a parent would like to meet: a day of the week and a time of day.

The program page's date filters and the interest list's preferences use the same ones.
"""

from django.db.models import IntegerChoices, TextChoices
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _


class TimeOfDay(TextChoices):
    """When a group's first session starts, local time."""

    MORNING = "morning", _("Morning (before 12)")
    AFTERNOON = "afternoon", _("Afternoon (12–17)")
    EVENING = "evening", _("Evening (from 17)")


# Hours (local) each time of day starts at and ends before.
HOURS = {TimeOfDay.MORNING: (0, 12), TimeOfDay.AFTERNOON: (12, 17), TimeOfDay.EVENING: (17, 24)}


class Weekday(IntegerChoices):
    """ISO weekdays: Monday is 1."""

    MONDAY = 1, WEEKDAYS[0]
    TUESDAY = 2, WEEKDAYS[1]
    WEDNESDAY = 3, WEEKDAYS[2]
    THURSDAY = 4, WEEKDAYS[3]
    FRIDAY = 5, WEEKDAYS[4]
    SATURDAY = 6, WEEKDAYS[5]
    SUNDAY = 7, WEEKDAYS[6]
