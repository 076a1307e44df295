"""A parent's own pages ("Mina sidor"): their bookings, details, calendar link, account and data."""
