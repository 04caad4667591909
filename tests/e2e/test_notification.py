"""Notification service, black box: the ADMIN listing route and the password-recovery mail.

The mails go to the stack's Mailpit (SMTP_URL, read through MAILPIT_API)."""
import os
import re
import time
import urllib.parse

import pytest
import requests

# The `system` fixture starts the binary with this process's environment: point its SMTP client at
# the stack's Mailpit (plain SMTP on loopback) before the fixture runs.
if os.environ.get("SMTP_URL"):
    os.environ.setdefault("BUDGETHUB_MAIL_SMTP_URL", os.environ["SMTP_URL"])
    os.environ.setdefault("BUDGETHUB_MAIL_STARTTLS", "none")

LIST = "/api/v1/notification/all"


def mailpit():
    api = os.environ.get("MAILPIT_API")
    if not api:
        pytest.fail("MAILPIT_API is not set (scripts/stack up writes it to endpoints.env)")
    return api


def mails_to(address):
    query = urllib.parse.quote(f'to:"{address}"')
    r = requests.get(f"{mailpit()}/api/v1/search?limit=50&query={query}", timeout=10)
    r.raise_for_status()
    return r.json()["messages"]


def wait_for_mails(address, count=1, deadline_s=30):
    end = time.monotonic() + deadline_s
    found = []
    while time.monotonic() < end:
        found = mails_to(address)
        if len(found) >= count:
            return found
        time.sleep(0.2)
    pytest.fail(f"{count} mail(s) to {address} expected, {len(found)} arrived in {deadline_s}s")


def message(message_id):
    r = requests.get(f"{mailpit()}/api/v1/message/{message_id}", timeout=10)
    r.raise_for_status()
    return r.json()


def notifications(system, user=None, **params):
    headers = user.headers() if user else {}
    return requests.get(system.url("notification") + LIST, headers=headers, params=params, timeout=10)


def test_list_requires_a_token(system):
    r = notifications(system)
    assert r.status_code == 401, r.text
    assert r.json()["errorCode"] == "INVALID_AUTHORIZATION_HEADER"


def test_list_is_for_admins_only(system):
    employee = system.user_with_role("EMPLOYEE")
    r = notifications(system, employee)
    assert r.status_code == 403, r.text
    assert r.json()["errorCode"] == "ROLE_ACCESS_DENIED"


def test_list_validates_its_parameters(system):
    r = notifications(system, system.admin, status="BOGUS")
    assert r.status_code == 400, r.text
    assert "status" in r.json()["message"]
    r = notifications(system, system.admin, size=0)
    assert r.status_code == 400, r.text
    r = notifications(system, system.admin, sort="body,asc")
    assert r.status_code == 400, r.text


def test_recover_password_mails_a_working_link_and_the_admin_sees_it(system):
    user = system.register(firstName="Zoé <b>")
    r = requests.post(f"{system.portal}/api/v1/user-credentials/recover-password", params={"email": user.email}, timeout=10)
    assert r.status_code == 204, r.text

    mails = wait_for_mails(user.email)
    time.sleep(1)  # a duplicate would show up by now
    assert len(mails_to(user.email)) == 1
    mail = message(mails[0]["ID"])
    assert mail["Subject"] == "Password Reset Request"
    assert "Zoé &lt;b&gt;" in mail["HTML"]
    link = re.search(r"https?://\S+", mail["Text"]).group(0)
    token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
    assert link.replace("&", "&amp;") in mail["HTML"]

    r = requests.post(f"{system.portal}/api/v1/user-credentials/reset-password",
                      json={"token": token, "newPassword": "Brand-New-Horse-7"}, timeout=10)
    assert r.status_code in (200, 204), r.text
    user.password = "Brand-New-Horse-7"
    user.sign_in()
    r = requests.post(f"{system.portal}/api/v1/user-credentials/reset-password",
                      json={"token": token, "newPassword": "Another-Horse-8"}, timeout=10)
    assert r.status_code >= 400, "a reset token worked twice"

    # The admin listing shows it SENT, without bodies.
    r = notifications(system, system.admin, status="SENT", size=100)
    assert r.status_code == 200, r.text
    page = r.json()
    for field in ("content", "pageSize", "totalElements", "totalPages", "pageable", "first", "last",
                  "numberOfElements", "empty"):
        assert field in page
    mine = [n for n in page["content"] if n["recipient"] == user.email]
    assert len(mine) == 1, page
    entry = mine[0]
    assert entry["kind"] == "PASSWORD_RESET"
    assert entry["status"] == "SENT"
    assert entry["attempts"] == 1
    assert entry["sentAt"] is not None
    assert "bodyHtml" not in entry and "bodyText" not in entry
    assert all(n["status"] == "SENT" for n in page["content"])


def test_list_through_the_portal(system):
    r = requests.get(system.portal + LIST, headers=system.admin.headers(), timeout=10)
    assert r.status_code == 200, r.text
    assert "content" in r.json()
