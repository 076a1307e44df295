"""An e-mail backend for `scale_out.py`: every message in a file of its own (a random name) in
BENCH_MAIL_DIR, so that messages sent by any number of processes can be counted afterwards."""

import os
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class OneFilePerMessageBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(os.environ["BENCH_MAIL_DIR"])
        for message in email_messages:
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
