"""Budget core, black-box: the real binary behind the portal (types, subtypes, suppliers, movements,
usage), and two budget instances spending against one subtype at once."""
import concurrent.futures
import os
import uuid
from decimal import Decimal

import pytest
import requests

from conftest import PROBLEM_JSON, free_port, unique, wait_ready


def ok(r, status=200):
    assert r.status_code == status, f"{r.status_code} {r.text}"
    return r.json() if r.content else None


def error(r, status, code):
    assert r.status_code == status, f"{r.status_code} {r.text}"
    body = r.json()
    assert body["errorCode"] == code, body
    assert body["status"] == status
    return body


@pytest.fixture(scope="module")
def admin(system):
    return system.admin


def new_type(system, admin, funds="1000"):
    return ok(system.post("/api/v1/budget/type/create", admin,
                          json={"name": unique("Type"), "description": "d", "availableFunds": float(funds)}))


def new_subtype(system, admin, type_id, funds="100"):
    return ok(system.post("/api/v1/budget/subtype/create", admin,
                          json={"name": unique("Sub"), "description": "d", "availableFunds": float(funds),
                                "budgetTypeId": type_id}))


def new_supplier(system, admin):
    tag = uuid.uuid4().int
    return ok(system.post("/api/v1/supplier/create", admin,
                          json={"companyName": unique("Co"), "responsibleName": "Ana",
                                "nif": str(100000000 + tag % 899999999)}))


def movement_body(supplier_id, value, status="SUCCEEDED", subtype_id=None, type_id=None, kind="DEBIT", rate=0):
    body = {"supplierId": supplier_id, "documentNumber": unique("DOC"), "type": kind, "status": status,
            "dateOfEmission": "2024-05-01", "description": "e2e", "valueWithoutIva": value, "ivaRate": rate}
    if subtype_id:
        body["budgetSubtypeId"] = subtype_id
    if type_id:
        body["budgetTypeId"] = type_id
    return body


def test_every_route_needs_a_token(system):
    for path in ["/api/v1/budget/type/all", "/api/v1/budget/subtype/all", "/api/v1/supplier/all",
                 "/api/v1/movement/all", "/api/v1/budget/usage", "/api/v1/budget/usage/alerts"]:
        r = requests.get(system.url("budget") + path, timeout=10)
        error(r, 401, "INVALID_AUTHORIZATION_HEADER")
        r = requests.get(system.url("budget") + path, headers={"Authorization": "Bearer nope"}, timeout=10)
        error(r, 401, "INVALID_TOKEN")


def test_budget_type_crud_unique_names_and_optimistic_locking(system, admin):
    created = new_type(system, admin, "500")
    assert created["availableFunds"] == 500 and created["version"] == 0
    error(system.post("/api/v1/budget/type/create", admin,
                      json={"name": created["name"].upper(), "description": "d", "availableFunds": 1}),
          409, "BUDGET_TYPE_ALREADY_EXISTS")
    got = ok(system.get(f"/api/v1/budget/type/{created['id']}", admin))
    assert got["name"] == created["name"]
    updated = ok(system.put("/api/v1/budget/type/update", admin,
                            json={**got, "description": "new", "availableFunds": 600}))
    assert updated["version"] == 1 and updated["availableFunds"] == 600
    error(system.put("/api/v1/budget/type/update", admin, json={**got, "description": "stale"}),
          409, "OPTIMISTIC_LOCKING_FAILURE")
    page = ok(system.get("/api/v1/budget/type/all?page=0&size=1&sort=name,desc", admin))
    assert page["pageSize"] == 1 and page["totalElements"] >= 1 and len(page["content"]) == 1
    error(system.get("/api/v1/budget/type/all?size=100000", admin), 400, "VALIDATION_ERROR")
    error(system.get("/api/v1/budget/type/all?sort=createdBy,asc", admin), 400, "VALIDATION_ERROR")
    assert system.delete(f"/api/v1/budget/type/delete/{created['id']}", admin).status_code == 204
    error(system.get(f"/api/v1/budget/type/{created['id']}", admin), 404, "BUDGET_TYPE_NOT_FOUND")


def test_validation_names_each_field_and_rejects_three_decimals(system, admin):
    body = error(system.post("/api/v1/budget/type/create", admin, headers=PROBLEM_JSON,
                             json={"name": " ", "availableFunds": 1.005}), 400, "VALIDATION_ERROR")
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"name", "description", "availableFunds"}, body
    r = requests.post(system.portal + "/api/v1/budget/type/create", data="{not json", timeout=10,
                      headers=admin.headers(**{"Content-Type": "application/json"}))
    error(r, 400, "JSON_PARSE_ERROR")


def test_subtype_allocation_never_exceeds_the_type(system, admin):
    t = new_type(system, admin, "100")
    first = new_subtype(system, admin, t["id"], "60")
    assert first["budgetTypeId"] == t["id"]
    body = error(system.post("/api/v1/budget/subtype/create", admin,
                             json={"name": unique("S"), "description": "d", "availableFunds": 40.01,
                                   "budgetTypeId": t["id"]}), 400, "BUDGET_EXCEEDED")
    assert "Available: 40.00" in body["message"]
    got = ok(system.get(f"/api/v1/budget/subtype/{first['id']}", admin))
    assert got["budgetType"]["id"] == t["id"]
    parent = ok(system.get(f"/api/v1/budget/type/{t['id']}", admin))
    assert [s["id"] for s in parent["subtypes"]] == [first["id"]]
    # Deleting the subtype gives its allocation back (seed ⚠ #11).
    assert system.delete(f"/api/v1/budget/subtype/delete/{first['id']}", admin).status_code == 204
    new_subtype(system, admin, t["id"], "100")


def test_supplier_conflicts_are_listed(system, admin):
    nif = str(200000000 + uuid.uuid4().int % 799999999)
    email = f"{unique('s')}@example.com"
    ok(system.post("/api/v1/supplier/create", admin,
                   json={"companyName": unique("A"), "responsibleName": "A", "nif": nif, "email": email}))
    body = error(system.post("/api/v1/supplier/create", admin,
                             json={"companyName": unique("B"), "responsibleName": "B", "nif": nif,
                                   "email": email.upper()}), 409, "SUPPLIER_VALIDATION_ERROR")
    assert "NIF already exists" in body["message"] and "Email already exists" in body["message"]
    body = error(system.post("/api/v1/supplier/create", admin, headers=PROBLEM_JSON,
                             json={"companyName": "C", "responsibleName": "C", "nif": "1",
                                   "email": "not-an-email", "phoneNumber": "abc"}), 400, "VALIDATION_ERROR")
    assert {e["field"] for e in body["errors"]} == {"nif", "email", "phoneNumber"}


def set_status(system, admin, body):
    """PUT /movement/status/update is the budget service's internal route (payment webhooks), not
    exposed by the portal: called on the service, with the caller's token like every internal call."""
    return requests.put(system.url("budget") + "/api/v1/movement/status/update", json=body,
                        headers=admin.headers(), timeout=10)


def test_movement_lifecycle_keeps_the_budget_exact(system, admin):
    t = new_type(system, admin, "1000")
    sub = new_subtype(system, admin, t["id"], "100")
    supplier = new_supplier(system, admin)

    def sub_available():
        return Decimal(str(ok(system.get(f"/api/v1/budget/subtype/{sub['id']}", admin))["availableFunds"]))

    m = ok(system.post("/api/v1/movement/create", admin,
                       json=movement_body(supplier["id"], 19.99, subtype_id=sub["id"], rate=23)))
    assert m["ivaValue"] == 4.6 and m["totalValue"] == 24.59  # 4.5977 → 4.60, half-up
    assert m["budgetTypeId"] == t["id"] and m["supplier"]["id"] == supplier["id"]
    assert sub_available() == Decimal("75.41")
    # More than what is left: refused, nothing spent.
    error(system.post("/api/v1/movement/create", admin,
                      json=movement_body(supplier["id"], 75.42, subtype_id=sub["id"])), 400, "BUDGET_EXCEEDED")
    assert sub_available() == Decimal("75.41")
    # Update applies the difference (seed ⚠ #7).
    body = {**movement_body(supplier["id"], 30, subtype_id=sub["id"]), "id": m["id"], "version": m["version"],
            "documentNumber": m["documentNumber"]}
    m = ok(system.put("/api/v1/movement/update", admin, json=body))
    assert sub_available() == Decimal("70.00")
    error(system.put("/api/v1/movement/update", admin, json={**body, "version": 0}), 409,
          "OPTIMISTIC_LOCKING_FAILURE")
    # A repeated SUCCEEDED never spends twice (seed ⚠ #9); a refund returns exactly what was spent.
    m = ok(set_status(system, admin, {"id": m["id"], "status": "SUCCEEDED"}))
    assert sub_available() == Decimal("70.00")
    m = ok(set_status(system, admin, {"id": m["id"], "status": "REFUNDED"}))
    assert sub_available() == Decimal("100.00")
    error(set_status(system, admin, {"id": m["id"], "status": "SUCCEEDED"}),
          409, "MOVEMENT_VALIDATION_ERROR")
    # A canceled movement that never spent releases nothing (seed ⚠ #8).
    pending = ok(system.post("/api/v1/movement/create", admin,
                             json=movement_body(supplier["id"], 10, status="ACCEPTED", subtype_id=sub["id"])))
    ok(set_status(system, admin, {"id": pending["id"], "status": "CANCELED"}))
    assert sub_available() == Decimal("100.00")
    # Delete returns what it held; credit gives back (seed ⚠ #12).
    spent = ok(system.post("/api/v1/movement/create", admin,
                           json=movement_body(supplier["id"], 40, subtype_id=sub["id"])))
    credit = ok(system.post("/api/v1/movement/create", admin,
                            json=movement_body(supplier["id"], 15, subtype_id=sub["id"], kind="CREDIT")))
    assert sub_available() == Decimal("75.00")
    assert system.delete(f"/api/v1/movement/{credit['id']}", admin).status_code == 204
    assert system.delete(f"/api/v1/movement/{spent['id']}", admin).status_code == 204
    assert sub_available() == Decimal("100.00")
    error(system.get(f"/api/v1/movement/{spent['id']}", admin), 404, "MOVEMENT_NOT_FOUND")
    # Document numbers are unique.
    dup = movement_body(supplier["id"], 1, status="ACCEPTED")
    ok(system.post("/api/v1/movement/create", admin, json=dup))
    error(system.post("/api/v1/movement/create", admin, json=dup), 409, "MOVEMENT_ALREADY_EXISTS")
    error(system.post("/api/v1/movement/create", admin, json={**dup, "valueWithoutIva": 1.001,
                                                               "documentNumber": unique("D")}),
          400, "VALIDATION_ERROR")


def test_movement_listings_filter_and_page(system, admin):
    t = new_type(system, admin, "1000")
    sub = new_subtype(system, admin, t["id"], "1000")
    supplier = new_supplier(system, admin)
    for i in range(3):
        body = movement_body(supplier["id"], 1, status="SUCCEEDED" if i else "ACCEPTED", subtype_id=sub["id"])
        body["dateOfEmission"] = f"2023-02-0{i + 1}"
        ok(system.post("/api/v1/movement/create", admin, json=body))
    page = ok(system.get(f"/api/v1/movement/budget-subtype/{sub['id']}?size=2", admin))
    assert page["totalElements"] == 3 and page["numberOfElements"] == 2 and page["totalPages"] == 2
    page = ok(system.get(f"/api/v1/movement/budget-type/{t['id']}?status=SUCCEEDED", admin))
    assert page["totalElements"] == 2
    page = ok(system.get(f"/api/v1/movement/all?budgetSubtypeId={sub['id']}&startDate=2023-02-02"
                         "&endDate=2023-02-02", admin))
    assert page["totalElements"] == 1 and page["content"][0]["dateOfEmission"] == "2023-02-02"
    # An empty result is an empty page (seed ⚠ #23).
    empty = ok(system.get(f"/api/v1/movement/budget-type/{uuid.uuid4()}", admin))
    assert empty["empty"] is True and empty["content"] == []
    error(system.get("/api/v1/movement/all?startDate=2023-13-01", admin), 400, "VALIDATION_ERROR")


def test_following_next_cursor_walks_every_row_once_through_the_portal(system, admin):
    """Keyset paging (docs/api.md "Paged listings"): `after` = the page before's nextCursor gives the
    rows that follow in the same order, the same rows an offset walk gives, even when rows are added
    while walking; a foreign, edited or misplaced cursor is a 400 on `after`."""
    t = new_type(system, admin, "1000")
    sub = new_subtype(system, admin, t["id"], "1000")
    supplier = new_supplier(system, admin)
    for i in range(7):  # three share a date: the id breaks the tie
        body = movement_body(supplier["id"], 1, subtype_id=sub["id"])
        body["dateOfEmission"] = f"2023-03-0{min(i, 4) + 1}"
        ok(system.post("/api/v1/movement/create", admin, json=body))
    base = f"/api/v1/movement/budget-subtype/{sub['id']}?size=2&sort=dateOfEmission,desc"
    by_offset = []
    for n in range(4):
        by_offset += [m["id"] for m in ok(system.get(f"{base}&page={n}", admin))["content"]]
    assert len(by_offset) == 7
    page = ok(system.get(base, admin))
    assert page["first"] is True and page["nextCursor"]
    by_cursor = [m["id"] for m in page["content"]]
    late = None
    while "nextCursor" in page:
        if late is None:  # a row added before the walk's position shifts nothing
            late_body = movement_body(supplier["id"], 1, subtype_id=sub["id"])
            late_body["dateOfEmission"] = "2023-03-09"
            late = ok(system.post("/api/v1/movement/create", admin, json=late_body))
        page = ok(system.get(f"{base}&after={page['nextCursor']}", admin))
        assert page["first"] is False
        by_cursor += [m["id"] for m in page["content"]]
    assert by_cursor == by_offset and page["last"] is True
    assert page["totalElements"] == 7  # counted when the walk began (docs/api.md): deep pages do not recount
    assert ok(system.get(base, admin))["totalElements"] == 8  # a new walk counts the late row

    cursor = ok(system.get(base, admin))["nextCursor"]
    for query in [f"&after={cursor[:-2]}", f"&after={cursor}&page=1", "&after=bm90IGEgY3Vyc29y"]:
        body = error(system.get(base + query, admin), 400, "VALIDATION_ERROR")
        assert "after" in body["message"], body
    # The cursor of one order is not a position in another.
    error(system.get(base.replace("dateOfEmission,desc", "documentNumber,asc") + f"&after={cursor}", admin),
          400, "VALIDATION_ERROR")


def test_listings_filter_by_name_type_and_supplier_text(system, admin):
    t = new_type(system, admin)
    other = new_type(system, admin)
    sub = new_subtype(system, admin, t["id"])
    new_subtype(system, admin, other["id"])
    supplier = new_supplier(system, admin)
    # Part of a name, in another case: found; the page counts only the matches.
    part = t["name"][2:-2].upper()
    page = ok(system.get("/api/v1/budget/type/all", admin, params={"name": part, "size": 100}))
    assert [x["id"] for x in page["content"]] == [t["id"]] and page["totalElements"] == 1
    page = ok(system.get("/api/v1/budget/subtype/all", admin, params={"budgetTypeId": t["id"]}))
    assert [x["id"] for x in page["content"]] == [sub["id"]]
    page = ok(system.get("/api/v1/budget/subtype/all", admin, params={"name": sub["name"], "budgetTypeId": other["id"]}))
    assert page["content"] == [] and page["totalElements"] == 0
    page = ok(system.get("/api/v1/supplier/all", admin, params={"name": supplier["nif"]}))
    assert [x["id"] for x in page["content"]] == [supplier["id"]]
    # Wildcards are text: "%" matches only a name holding one.
    assert ok(system.get("/api/v1/budget/type/all", admin, params={"name": "%"}))["totalElements"] == 0
    r = system.get("/api/v1/budget/subtype/all", admin, params={"budgetTypeId": "nope", "name": "x" * 201},
                   headers=PROBLEM_JSON)
    body = error(r, 400, "VALIDATION_ERROR")
    assert {e["field"] for e in body["errors"]} == {"budgetTypeId", "name"}, body


def test_usage_summary(system, admin):
    t = new_type(system, admin, "1000")
    sub = new_subtype(system, admin, t["id"], "600")
    supplier = new_supplier(system, admin)
    ok(system.post("/api/v1/movement/create", admin, json=movement_body(supplier["id"], 200, subtype_id=sub["id"])))
    ok(system.post("/api/v1/movement/create", admin, json=movement_body(supplier["id"], 50, type_id=t["id"])))
    found = None
    page = 0
    while found is None:
        body = ok(system.get(f"/api/v1/budget/usage?size=100&page={page}&sort=id,asc", admin))
        found = next((x for x in body["content"] if x["budgetTypeId"] == t["id"]), None)
        if body["last"]:
            break
        page += 1
    assert found is not None
    assert (found["allocated"], found["spent"], found["reserved"], found["available"]) == (1000, 250, 400, 350)
    assert found["subtypes"][0]["spent"] == 200 and found["subtypes"][0]["available"] == 400


def test_usage_alerts_list_budgets_from_eighty_percent(system, admin):
    t = new_type(system, admin, "10000")
    sub = new_subtype(system, admin, t["id"], "100")
    supplier = new_supplier(system, admin)

    def listed():
        body = ok(system.get("/api/v1/budget/usage/alerts", admin))
        assert body["thresholdPercent"] == 80 and body["totalSubtypes"] >= len(body["subtypes"])
        return next((x for x in body["subtypes"] if x["budgetSubtypeId"] == sub["id"]), None)

    ok(system.post("/api/v1/movement/create", admin, json=movement_body(supplier["id"], 79.99, subtype_id=sub["id"])))
    assert listed() is None
    ok(system.post("/api/v1/movement/create", admin, json=movement_body(supplier["id"], 0.01, subtype_id=sub["id"])))
    found = listed()
    assert found is not None, "a subtype at 80 % is an alert"
    assert (found["usedPercent"], found["spent"], found["available"]) == (80, 80, 20)
    assert found["budgetTypeId"] == t["id"] and found["budgetTypeName"] == t["name"]


def test_two_instances_never_jointly_overspend(system, admin, start):
    """64 concurrent clients, spread over two budget instances, spend against one subtype."""
    t = new_type(system, admin, "1000")
    sub = new_subtype(system, admin, t["id"], "100")
    supplier = new_supplier(system, admin)
    port = free_port()
    env = {k: v for k, v in system.env.items() if k != "BUDGETHUB_LOG_FORMAT"}  # start() sets it
    second = start("serve", "--target", "budget", env={**env, "BUDGETHUB_BUDGET_PORT": str(port)})
    wait_ready(f"http://127.0.0.1:{port}/readyz", running=second)
    urls = [system.url("budget"), f"http://127.0.0.1:{port}"]

    def spend(i):
        r = requests.post(urls[i % 2] + "/api/v1/movement/create", headers=admin.headers(), timeout=30,
                          json=movement_body(supplier["id"], 7, subtype_id=sub["id"]))
        assert r.status_code in (200, 400), r.text
        if r.status_code == 400:
            assert r.json()["errorCode"] == "BUDGET_EXCEEDED", r.text
            return Decimal(0)
        return Decimal(str(r.json()["totalValue"]))

    with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
        accepted = sum(pool.map(spend, range(64)))
    assert accepted == Decimal("98")  # 14 × 7 fit in 100
    got = ok(system.get(f"/api/v1/budget/subtype/{sub['id']}", admin))
    assert Decimal(str(got["spent"])) == accepted
    parent = ok(system.get(f"/api/v1/budget/type/{t['id']}", admin))
    assert Decimal(str(parent["spent"])) == accepted
    assert Decimal(str(parent["availableFunds"])) == Decimal("1000") - accepted
    second.stop()


def test_an_update_without_status_keeps_the_stored_status(system, admin):
    t = new_type(system, admin, "100")
    supplier = new_supplier(system, admin)
    m = ok(system.post("/api/v1/movement/create", admin,
                       json=movement_body(supplier["id"], 10, type_id=t["id"], status="SUCCEEDED")))
    body = {**movement_body(supplier["id"], 12, type_id=t["id"]), "id": m["id"], "version": m["version"],
            "documentNumber": m["documentNumber"]}
    del body["status"]
    updated = ok(system.put("/api/v1/movement/update", admin, json=body))
    assert updated["status"] == "SUCCEEDED" and updated["totalValue"] == 12
    available = Decimal(str(ok(system.get(f"/api/v1/budget/type/{t['id']}", admin))["availableFunds"]))
    assert available == Decimal("88.00")
