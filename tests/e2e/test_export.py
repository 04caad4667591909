"""The movements export through the portal (seed-spec §5.7): 202 with a job id, the job's state and
progress, the workbook in object storage and the EXPORT_READY e-mail (Mailpit)."""
import os
import time

import requests


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
    r = system.post("/api/v1/movement/export-movements-report?startDate=2024-13-01&status=NOPE", user)
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
