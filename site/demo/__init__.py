"""Demo content for `manage.py load_demo`: two municipalities (Gnesta and Sollentuna), each a
site with its own host name, programs, dates, bookings and staff, one parent with bookings in
both, and a login for each kind of user. Everything here is fictional."""
