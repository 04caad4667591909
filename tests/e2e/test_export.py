"""The movements export through the portal (seed-spec §5.7): 202 with a job id, the job's state and
progress, the workbook in object storage and the EXPORT_READY e-mail (Mailpit)."""
import os
import time

import requests

from conftest import PROBLEM_JSON


def wait_done(system, user, job_id, deadline_s=60):
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        r = system.get(f"/api/v1/movement/export-movements-report/{job_id}", user)
        assert r.status_code == 200, r.text
        if r.json()["state"] in ("DONE", "FAILED"):
            return r.json()
        time.sleep(0.2)
    raise AssertionError(f"export {job_id} not finished after {deadline_s}s")


def test_export_runs_and_mails_the_report(system):
    user = system.user_with_role("MANAGER")
    r = system.post("/api/v1/movement/export-movements-report?startDate=2024-01-01&endDate=2024-12-31", user)
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["state"] == "QUEUED" and r.headers["location"].endswith(job["jobId"])
    done = wait_done(system, user, job["jobId"])
    assert done["state"] == "DONE", done
    assert done["sizeBytes"] > 0 and done["startDate"] == "2024-01-01"
    assert done["error"] is None and done["errorCode"] is None
    # Progress as a share: the rows were counted before the first was written.
    assert done["rowsTotal"] == done["rowsWritten"]
    # The workbook itself, through the short-lived signed link the web app offers.
    assert job["downloadUrl"] is None and done["downloadUrl"], done
    workbook = requests.get(done["downloadUrl"], timeout=10)
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert len(workbook.content) == done["sizeBytes"]

    mailpit = os.environ.get("MAILPIT_API")
    if mailpit:  # the notification service turns the event into an e-mail
        started = time.monotonic()
        while time.monotonic() - started < 30:
            found = requests.get(f"{mailpit}/api/v1/search", params={"query": f"to:{user.email}"}, timeout=5).json()
            if found.get("messages_count", 0) > 0:
                break
            time.sleep(0.5)
        else:
            raise AssertionError("no export e-mail arrived")


def test_export_validation(system):
    user = system.user_with_role("MANAGER")
    r = system.post("/api/v1/movement/export-movements-report?startDate=2024-13-01&status=NOPE", user,
                    headers=PROBLEM_JSON)
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"startDate", "status"}
    r = system.post("/api/v1/movement/export-movements-report?startDate=2024-05-01&endDate=2024-04-01", user)
    assert r.status_code == 400
    assert system.post("/api/v1/movement/export-movements-report").status_code == 401
    employee = system.user_with_role("EMPLOYEE")
    assert system.post("/api/v1/movement/export-movements-report", employee).status_code == 403


def test_someone_elses_job_is_not_found(system):
    owner = system.user_with_role("MANAGER")
    other = system.user_with_role("MANAGER")
    job = system.post("/api/v1/movement/export-movements-report", owner).json()
    assert system.get(f"/api/v1/movement/export-movements-report/{job['jobId']}", other).status_code == 404
    assert system.get(f"/api/v1/movement/export-movements-report/{job['jobId']}", system.admin).status_code == 200


def test_the_export_mail_carries_a_workbook_with_the_exported_movements(system, tmp_path):
    """Issue 5's proof: movements in → export → the e-mail in Mailpit → its .xlsx attachment opens
    and holds exactly those movements with the same totals."""
    import io
    import uuid
    from decimal import Decimal

    import openpyxl

    from conftest import unique

    mailpit = os.environ["MAILPIT_API"]
    admin = system.admin
    budget_type = system.post("/api/v1/budget/type/create", admin,
                              json={"name": unique("ExportType"), "description": "d", "availableFunds": 10000})
    assert budget_type.status_code == 200, budget_type.text
    supplier = system.post("/api/v1/supplier/create", admin,
                           json={"companyName": unique("Co"), "responsibleName": "Ana",
                                 "nif": str(100000000 + uuid.uuid4().int % 899999999)})
    assert supplier.status_code == 200, supplier.text
    # A year nobody else's movements use, so the export holds exactly these.
    values = ["12.34", "100.00", "0.99"]
    for day, value in enumerate(values, start=1):
        r = system.post("/api/v1/movement/create", admin, json={
            "supplierId": supplier.json()["id"], "documentNumber": unique("EXP"), "type": "DEBIT",
            "status": "SUCCEEDED", "dateOfEmission": f"2031-03-0{day}", "description": "export e2e",
            "valueWithoutIva": float(value), "ivaRate": 0, "budgetTypeId": budget_type.json()["id"]})
        assert r.status_code == 200, r.text

    manager = system.user_with_role("MANAGER")
    r = system.post("/api/v1/movement/export-movements-report?startDate=2031-01-01&endDate=2031-12-31", manager)
    assert r.status_code == 202, r.text
    done = wait_done(system, manager, r.json()["jobId"])
    assert done["state"] == "DONE" and done["rowsWritten"] == len(values), done

    started = time.monotonic()
    message_id = None
    while time.monotonic() - started < 30 and message_id is None:
        found = requests.get(f"{mailpit}/api/v1/search", params={"query": f"to:{manager.email}"}, timeout=5).json()
        if found.get("messages"):
            message_id = found["messages"][0]["ID"]
        else:
            time.sleep(0.3)
    assert message_id, "no export e-mail arrived"
    message = requests.get(f"{mailpit}/api/v1/message/{message_id}", timeout=5).json()
    attachments = [a for a in message["Attachments"] if a["FileName"].endswith(".xlsx")]
    assert len(attachments) == 1, message["Attachments"]
    content = requests.get(f"{mailpit}/api/v1/message/{message_id}/part/{attachments[0]['PartID']}", timeout=5)
    assert content.status_code == 200 and content.content[:2] == b"PK"  # a zip container

    sheet = openpyxl.load_workbook(io.BytesIO(content.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], [row for row in rows[1:] if any(cell is not None for cell in row)]
    assert len(data) == len(values)
    total = header.index("Total Value")
    assert sum(Decimal(str(row[total])).quantize(Decimal("0.01")) for row in data) == sum(map(Decimal, values))
