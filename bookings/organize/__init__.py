"""Staff screens for offerings, sessions and bookings in the Wagtail admin.

The viewsets live here; `bookings/wagtail_hooks.py` registers them as one "Bookings" menu.
"""
