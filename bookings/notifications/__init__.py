"""E-mail to parents: rendered and written to the outbox inside the booking's transaction,
sent afterwards by a background task (see outbox.py)."""
