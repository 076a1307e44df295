"""Demo content for `manage.py load_demo`: one municipality (Gnesta) with programs, dates,
bookings and a login for each kind of user. Everything here is fictional."""
