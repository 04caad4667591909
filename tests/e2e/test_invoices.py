"""Invoices through the portal (seed-spec §1.2 #25–#31, §5.5): CRUD, the movement link, file uploads
(multipart and base64 JSON) checked by content, download, fileBase64, roles."""
import base64
import uuid

import pytest

from conftest import PROBLEM_JSON

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x02" * 200


def invoice_body(**overrides):
    body = {"dateOfEmission": "2024-11-10", "description": "Invoice for marketing services"}
    body.update(overrides)
    return body


@pytest.fixture(scope="module")
def manager(system):
    return system.user_with_role("MANAGER")


@pytest.fixture(scope="module")
def employee(system):
    return system.user_with_role("EMPLOYEE")


@pytest.fixture
def invoice(system, manager):
    r = system.post("/api/v1/invoice/create", manager, json=invoice_body())
    assert r.status_code == 200, r.text
    return r.json()


def test_create_get_update_delete(system, manager):
    r = system.post("/api/v1/invoice/create", manager, json=invoice_body(stripeReceiptUrl="https://pay.stripe.com/r/1"))
    assert r.status_code == 200, r.text
    created = r.json()
    assert created["version"] == 0 and created["fileKey"] is None and created["movementId"] is None
    got = system.get(f"/api/v1/invoice/{created['id']}", manager).json()
    assert got["description"] == "Invoice for marketing services" and "fileBase64" not in got

    update = dict(invoice_body(description="changed"), id=created["id"], version=0)
    r = system.put("/api/v1/invoice/update", manager, json=update)
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 1 and r.json()["description"] == "changed"
    stale = system.put("/api/v1/invoice/update", manager, json=update)
    assert stale.status_code == 409 and stale.json()["errorCode"] == "OPTIMISTIC_LOCKING_FAILURE"

    assert system.delete(f"/api/v1/invoice/{created['id']}", system.admin).status_code == 204
    gone = system.get(f"/api/v1/invoice/{created['id']}", manager)
    assert gone.status_code == 404 and gone.json()["errorCode"] == "INVOICE_NOT_FOUND"


def test_validation_names_every_field(system, manager):
    r = system.post("/api/v1/invoice/create", manager, headers=PROBLEM_JSON,
                    json={"dateOfEmission": "10/11/2024", "description": "", "movementId": "nope"})
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"dateOfEmission", "description", "movementId"} <= fields


def test_unknown_links_are_404(system, manager):
    r = system.post("/api/v1/invoice/create", manager, json=invoice_body(movementId=str(uuid.uuid4())))
    assert r.status_code == 404 and r.json()["errorCode"] == "MOVEMENT_NOT_FOUND"
    r = system.post("/api/v1/invoice/create", manager, json=invoice_body(movementDocumentNumber="no-such-doc"))
    assert r.status_code == 404 and r.json()["errorCode"] == "DOCUMENT_NUMBER_NOT_FOUND"


def test_multipart_upload_download_and_base64_on_get(system, manager, invoice):
    r = system.post(f"/api/v1/invoice/attach-multipart-file/{invoice['id']}", manager,
                    files={"file": ("receipt.pdf", PDF, "application/octet-stream")})
    assert r.status_code == 204, r.text
    got = system.get(f"/api/v1/invoice/{invoice['id']}", manager).json()
    assert got["fileKey"].endswith(".pdf") and got["fileContentType"] == "application/pdf"
    assert base64.b64decode(got["fileBase64"]) == PDF
    file = system.get(f"/api/v1/invoice/{invoice['id']}/file", manager)
    assert file.status_code == 200 and file.content == PDF
    assert file.headers["content-type"].startswith("application/pdf")


def test_base64_upload_replaces_the_file(system, manager, invoice):
    r = system.post(f"/api/v1/invoice/attach-base64-file/{invoice['id']}", manager,
                    json={"file": base64.b64encode(PDF).decode()})
    assert r.status_code == 204, r.text
    r = system.post(f"/api/v1/invoice/attach-base64-file/{invoice['id']}", manager,
                    json={"file": base64.b64encode(PNG).decode()})
    assert r.status_code == 204, r.text
    assert system.get(f"/api/v1/invoice/{invoice['id']}/file", manager).content == PNG


def test_bad_uploads(system, manager, invoice):
    path = f"/api/v1/invoice/attach-base64-file/{invoice['id']}"
    r = system.post(path, manager, json={"file": base64.b64encode(b"GIF89a....").decode()})
    assert r.status_code == 400 and r.json()["errorCode"] == "UNSUPPORTED_FILE_TYPE"
    r = system.post(path, manager, json={"file": "not base64!"})
    assert r.status_code == 400
    r = system.post(path, manager, json={}, headers=PROBLEM_JSON)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "file"
    r = system.post(f"/api/v1/invoice/attach-multipart-file/{invoice['id']}", manager,
                    files={"other": ("a.pdf", PDF, "application/pdf")})
    assert r.status_code == 400
    r = system.post(f"/api/v1/invoice/attach-multipart-file/{uuid.uuid4()}", manager,
                    files={"file": ("a.pdf", PDF, "application/pdf")})
    assert r.status_code == 404
    no_file = system.get(f"/api/v1/invoice/{invoice['id']}/file", manager)
    assert no_file.status_code == 404


def test_roles(system, employee, invoice):
    assert system.get(f"/api/v1/invoice/{invoice['id']}", employee).status_code == 403
    assert system.get("/api/v1/invoice/all", employee).status_code == 403
    assert system.delete(f"/api/v1/invoice/{invoice['id']}", employee).status_code == 403
    assert system.post("/api/v1/invoice/create", employee, json=invoice_body()).status_code == 403
    assert system.get(f"/api/v1/invoice/{invoice['id']}").status_code == 401


def test_list_is_a_custom_page(system, manager, invoice):
    r = system.get("/api/v1/invoice/all?page=0&size=2&sort=dateOfEmission,desc", manager)
    assert r.status_code == 200, r.text
    page = r.json()
    assert page["pageSize"] == 2 and page["totalElements"] >= 1 and len(page["content"]) <= 2
    assert system.get("/api/v1/invoice/all?sort=password,asc", manager).status_code == 400
