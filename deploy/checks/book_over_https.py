"""Book a seat through the proxy over HTTPS, as a parent's browser would.

    python deploy/checks/book_over_https.py BASE_URL HTTP_URL CA_FILE OFFERING_ID EMAIL PASSWORD

Exits non-zero, saying why, when any step does not answer as it should.
"""

import re
import sys

import requests

STYLESHEET = re.compile(r"/static/css/site\.[0-9a-f]{12}\.css")
ERRORS = re.compile(r'class="[^"]*error[^"]*"[^>]*>(.{0,200})', re.DOTALL)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def expect(response: requests.Response, status: int, step: str) -> requests.Response:
    if response.status_code != status:
        errors = ERRORS.findall(response.text)
        sys.exit(
            f"{step}: expected {status}, got {response.status_code} from {response.url} {errors}"
        )
    print(f"ok  {step}: {status}")
    return response


def post_form(session, url: str, page: requests.Response, fields: dict) -> requests.Response:
    token = CSRF_FIELD.search(page.text)
    if not token:
        sys.exit(f"no CSRF field on {page.url}")
    # Over HTTPS Django checks the Referer against the host: the proxy must pass the scheme.
    headers = {"Referer": page.url, "Origin": "/".join(url.split("/")[:3])}
    return session.post(
        url,
        data={"csrfmiddlewaretoken": token.group(1), **fields},
        headers=headers,
        allow_redirects=False,
    )


def main(base: str, plain: str, ca_file: str, offering_id: str, email: str, password: str):
    session = requests.Session()
    session.verify = ca_file
    session.trust_env = False  # REQUESTS_CA_BUNDLE would win over `verify`
    expect(session.get(f"{base}/healthz"), 200, "healthz over HTTPS")
    expect(session.get(f"{base}/readyz"), 200, "readyz over HTTPS")
    moved = expect(
        requests.get(f"{plain}/bokning/{offering_id}/", allow_redirects=False, timeout=30),
        301,
        "plain HTTP moves to HTTPS",
    )
    if not moved.headers["Location"].startswith("https://"):
        sys.exit(f"plain HTTP moved to {moved.headers['Location']}")
    login_page = expect(session.get(f"{base}/konto/login/"), 200, "login page")
    logged_in = post_form(
        session, f"{base}/konto/login/", login_page, {"login": email, "password": password}
    )
    expect(logged_in, 302, "log in")
    if not session.cookies.get("sessionid"):
        sys.exit("no session cookie after logging in")

    form_page = expect(session.get(f"{base}/bokning/{offering_id}/"), 200, "booking form")
    if form_page.headers.get("Strict-Transport-Security") is None:
        sys.exit("no HSTS header over HTTPS")
    stylesheet = STYLESHEET.search(form_page.text)
    if not stylesheet:
        sys.exit("no hashed stylesheet on the booking page")
    css = expect(session.get(f"{base}{stylesheet.group(0)}"), 200, "hashed stylesheet")
    if "immutable" not in css.headers.get("Cache-Control", ""):
        sys.exit(f"stylesheet cached as {css.headers.get('Cache-Control')!r}")
    booked = post_form(
        session, f"{base}/bokning/{offering_id}/", form_page, {"persons": "1", "name": "Proxy Test"}
    )
    expect(booked, 302, "book a seat")
    if not booked.headers.get("X-Request-ID"):
        sys.exit("no X-Request-ID on the answer")


if __name__ == "__main__":
    main(*sys.argv[1:])
