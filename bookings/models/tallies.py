"""The yearly statistics' stored numbers of years that are over (organize/statistics_tallies.py).

A past year's numbers hardly ever change once its groups have ended, yet counting them reads
every booking and mark of the year. So a year whose offerings have all ended is counted once,
per program, and stored; the statistics read the stored rows and count live only the years
without them.

Stored counts are never stale: database triggers (migration 0024_statistics_tallies) delete a
year's `TalliedYear`, in the same transaction, on any write that could change its numbers: a
booking, attendance mark or session of one of its offerings written, moved or deleted, or an
offering dated into or out of it or moved to another program. A year without a counted
`TalliedYear` is counted live, and the periodic job counts it again.
"""

from django.db import models


class TalliedYear(models.Model):
    """One calendar year of the yearly statistics, counted and stored (or being counted).
    Internal: shown nowhere, so its names are not translated.

    Its rows (`ProgramYearTally`) belong to this row's id: a year deleted by a trigger and
    counted again gets a new id, and rows of an id that no longer exists are never read.
    """

    year = models.PositiveSmallIntegerField(unique=True)
    # New Year to New Year in the site's time zone when counted: the offerings whose stored
    # first session lies in between belong to the year; the triggers compare with these.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # None while being counted: such a year is not read, and any trigger may delete it.
    counted_at = models.DateTimeField(null=True)
    # The latest start of a session the numbers look at: they are the live numbers at any
    # moment after it (before it, "sessions held so far" would be fewer).
    complete_after = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"Statistics {self.year} ({'counted' if self.counted_at else 'being counted'})"


class ProgramYearTally(models.Model):
    """One program's numbers in a counted year, as the yearly statistics define them."""

    # No database constraint: the triggers delete the year alone, and rows of a deleted year
    # are left for the periodic job to sweep, unread.
    tallied_year = models.ForeignKey(
        TalliedYear, on_delete=models.DO_NOTHING, db_constraint=False, related_name="programs"
    )
    program = models.ForeignKey("programs.ProgramPage", on_delete=models.CASCADE, related_name="+")
    offerings = models.PositiveIntegerField(default=0)
    sessions_held = models.PositiveIntegerField(default=0)
    households_reached = models.PositiveIntegerField(default=0)
    persons_reached = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    no_shows = models.PositiveIntegerField(default=0)
    notified_absences = models.PositiveIntegerField(default=0)
    waitlist_demand = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tallied_year", "program"], name="program_year_tally_once"
            )
        ]

    def __str__(self) -> str:
        return f"Statistics of program {self.program_id} in year row {self.tallied_year_id}"
