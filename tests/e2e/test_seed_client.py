"""Issue 13, existing clients work unchanged: requests exactly as the original Angular client (generated
by ng-openapi-gen from the seed contract) sends them, through the portal, and answers read the way it
reads them: sort parameters in every encoding, the nested budgetType of subtypes, money as plain
two-decimal numbers in the raw body text, and 400 bodies readable both as text and per field."""
import json
import re
import uuid

import pytest
import requests

from conftest import PROBLEM_JSON, unique
from test_budget import error, movement_body, new_supplier, ok

MONEY_FIELDS = {"availableFunds", "allocated", "spent", "reserved", "unallocated", "available",
                "valueWithoutIva", "ivaRate", "ivaValue", "totalValue"}
MONEY_TEXT = re.compile(r"^-?\d+\.\d{2}$")


class Raw:
    """A number exactly as it appeared in the body text."""

    def __init__(self, text):
        self.text = text


def raw_json(r):
    """The body with every number kept as its text: the client's JSON.parse does not see Python floats."""
    return json.loads(r.text, parse_float=Raw, parse_int=Raw)


def money_texts(value, path="$"):
    """(path, raw text) of every money field, at any depth."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in MONEY_FIELDS and item is not None:
                assert isinstance(item, Raw), f"{path}.{key} is not a number: {item!r}"
                found.append((f"{path}.{key}", item.text))
            else:
                found.extend(money_texts(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(money_texts(item, f"{path}[{i}]"))
    return found


def assert_plain_money(r, expected_fields):
    assert r.status_code == 200, f"{r.status_code} {r.text}"
    found = money_texts(raw_json(r))
    bad = [(path, text) for path, text in found if not MONEY_TEXT.match(text)]
    assert not bad, f"money not in plain two-decimal notation: {bad}"
    names = {path.rsplit(".", 1)[-1] for path, _ in found}
    assert expected_fields <= names, f"missing money fields {expected_fields - names} in {r.text}"
    return found


def get_raw(system, path_and_query, user):
    """GET with the query exactly as written: requests must not re-encode %25 or %2C."""
    return requests.get(system.portal + path_and_query, headers=user.headers(), timeout=30)


def all_pages(system, user, path, query):
    """Every item of a listing, page after page (size 100), with the query sent verbatim."""
    items, page = [], 0
    while True:
        body = ok(get_raw(system, f"{path}?page={page}&size=100&{query}", user))
        items.extend(body["content"])
        if body["last"]:
            return items
        page += 1


@pytest.fixture(scope="module")
def admin(system):
    return system.admin


@pytest.fixture(scope="module")
def sortable(system, admin):
    """Two types and four subtypes whose names share a tag, to find them in global listings."""
    tag = unique("0srt").lower()
    types = {}
    for suffix, funds, description in [("b", 300.5, "zebra"), ("a", 300.5, "apple")]:
        types[suffix] = ok(system.post("/api/v1/budget/type/create", admin, json={
            "name": f"{tag}-type-{suffix}", "description": description, "availableFunds": funds}))
    subtypes = []
    for type_suffix, sub_suffix in [("b", "1"), ("b", "2"), ("a", "3"), ("a", "4")]:
        subtypes.append(ok(system.post("/api/v1/budget/subtype/create", admin, json={
            "name": f"{tag}-sub-{sub_suffix}", "description": f"d{sub_suffix}", "availableFunds": 10,
            "budgetTypeId": types[type_suffix]["id"]})))
    return tag, types, subtypes


def ours(items, tag):
    return [item["name"] for item in items if item["name"].startswith(tag)]


# 1. Sort parameters ---------------------------------------------------------------------------------

def test_sort_accepts_every_encoding_a_generated_client_sends(system, admin, sortable):
    tag, _, _ = sortable
    ascending = [f"{tag}-type-a", f"{tag}-type-b"]
    for query in ["sort=name,asc", "sort=name%2Casc", "sort=name%252Casc", "sort=name", "sort=name%252CASC"]:
        assert ours(all_pages(system, admin, "/api/v1/budget/type/all", query), tag) == ascending, query
    for query in ["sort=name,desc", "sort=name%2Cdesc", "sort=name%252Cdesc"]:
        assert ours(all_pages(system, admin, "/api/v1/budget/type/all", query), tag) == ascending[::-1], query
    # The page echoes the order it applied.
    body = ok(get_raw(system, "/api/v1/budget/type/all?page=0&size=5&sort=name%252Cdesc", admin))
    assert body["pageable"]["sort"]["field"] == "name" and body["pageable"]["sort"]["direction"] == "DESC"


def test_every_field_the_original_client_offers_sorts(system, admin, sortable):
    tag, _, _ = sortable
    # Budget types: name, availableFunds, description (both of ours have the same funds: the second
    # order decides, then the tie-breaker).
    by_description = all_pages(system, admin, "/api/v1/budget/type/all", "sort=description%252Cdesc")
    assert ours(by_description, tag) == [f"{tag}-type-b", f"{tag}-type-a"]
    by_funds_then_name = all_pages(system, admin, "/api/v1/budget/type/all",
                                   "sort=availableFunds%252Cdesc&sort=name%252Cdesc")
    assert ours(by_funds_then_name, tag) == [f"{tag}-type-b", f"{tag}-type-a"]
    funds = [float(t["availableFunds"]) for t in by_funds_then_name]
    assert funds == sorted(funds, reverse=True)
    # Subtypes: budgetType (the parent's name), then name; description; availableFunds.
    by_parent = all_pages(system, admin, "/api/v1/budget/subtype/all", "sort=budgetType%252Casc&sort=name%252Cdesc")
    assert ours(by_parent, tag) == [f"{tag}-sub-4", f"{tag}-sub-3", f"{tag}-sub-2", f"{tag}-sub-1"]
    by_parent_desc = all_pages(system, admin, "/api/v1/budget/subtype/all", "sort=budgetType,desc&sort=name")
    assert ours(by_parent_desc, tag) == [f"{tag}-sub-1", f"{tag}-sub-2", f"{tag}-sub-3", f"{tag}-sub-4"]
    by_description = all_pages(system, admin, "/api/v1/budget/subtype/all", "sort=description%252Cdesc")
    assert ours(by_description, tag) == [f"{tag}-sub-4", f"{tag}-sub-3", f"{tag}-sub-2", f"{tag}-sub-1"]
    ok(get_raw(system, "/api/v1/budget/subtype/all?page=0&size=5&sort=availableFunds%252Casc", admin))


def test_paging_through_a_joined_sort_is_stable(system, admin, sortable):
    tag, _, _ = sortable
    whole = [s["id"] for s in all_pages(system, admin, "/api/v1/budget/subtype/all", "sort=budgetType%252Casc")]
    paged, page = [], 0
    while True:
        body = ok(get_raw(system, f"/api/v1/budget/subtype/all?page={page}&size=3&sort=budgetType%252Casc", admin))
        paged.extend(s["id"] for s in body["content"])
        if body["last"]:
            break
        page += 1
    assert paged == whole and len(set(paged)) == len(paged)


def test_other_listings_read_sort_the_same_way(system, admin):
    for path, query in [("/api/v1/supplier/all", "sort=companyName%252Cdesc&sort=nif"),
                        ("/api/v1/supplier/all", "sort=responsibleName%2Casc"),
                        ("/api/v1/movement/all", "sort=dateOfEmission%252Cdesc&sort=documentNumber"),
                        ("/api/v1/invoice/all", "sort=dateOfEmission%252Casc"),
                        ("/api/v1/budget/usage", "sort=name%252Cdesc"),
                        ("/api/v1/user-credentials/all", "sort=email%252Cdesc&sort=lastName"),
                        ("/api/v1/notification/all", "sort=createdAt%252Casc")]:
        body = ok(get_raw(system, f"{path}?page=0&size=5&{query}", admin))
        first = query.split("&")[0].split("=")[1].replace("%252C", ",").replace("%2C", ",").split(",")
        assert body["pageable"]["sort"]["field"] == first[0], (path, body["pageable"])
        unknown = get_raw(system, f"{path}?page=0&size=5&sort=secret%252Casc", admin)
        assert unknown.status_code == 400 and "secret" in unknown.json()["message"], (path, unknown.text)


def test_sort_errors_name_the_field_and_the_allowed_ones(system, admin):
    r = get_raw(system, "/api/v1/budget/subtype/all?page=0&size=5&sort=password%252Casc", admin)
    body = error(r, 400, "VALIDATION_ERROR")
    assert "'password'" in body["message"]
    for field in ["name", "description", "availableFunds", "budgetType"]:
        assert field in body["message"], body
    body = error(get_raw(system, "/api/v1/budget/type/all?page=0&size=5&sort=name%252Csideways", admin),
                 400, "VALIDATION_ERROR")
    assert "asc or desc" in body["message"] and "sideways" in body["message"]


# 2. Nested objects ----------------------------------------------------------------------------------

def assert_parent(subtype, parent):
    assert subtype["budgetTypeId"] == parent["id"]
    nested = subtype["budgetType"]
    for key in ["id", "name", "description", "availableFunds", "version"]:
        assert nested[key] == parent[key], (key, nested, parent)
    assert "subtypes" not in nested


def test_every_subtype_answer_carries_its_type(system, admin):
    first = ok(system.post("/api/v1/budget/type/create", admin,
                           json={"name": unique("Parent"), "description": "p", "availableFunds": 500}))
    second = ok(system.post("/api/v1/budget/type/create", admin,
                            json={"name": unique("Parent"), "description": "q", "availableFunds": 500}))
    created = ok(system.post("/api/v1/budget/subtype/create", admin, json={
        "name": unique("Child"), "description": "c", "availableFunds": 100, "budgetTypeId": first["id"]}))
    assert_parent(created, ok(system.get(f"/api/v1/budget/type/{first['id']}", admin)))
    got = ok(system.get(f"/api/v1/budget/subtype/{created['id']}", admin))
    assert_parent(got, ok(system.get(f"/api/v1/budget/type/{first['id']}", admin)))
    # The client's update body: {id, budgetTypeId, name, description, version, availableFunds, correlationId:''}.
    updated = ok(system.put("/api/v1/budget/subtype/update", admin, json={
        "id": got["id"], "budgetTypeId": second["id"], "name": got["name"], "description": "moved",
        "version": got["version"], "availableFunds": 50, "correlationId": ""}))
    assert_parent(updated, ok(system.get(f"/api/v1/budget/type/{second['id']}", admin)))
    listed = all_pages(system, admin, "/api/v1/budget/subtype/all", "sort=name%252Casc")
    mine = next(s for s in listed if s["id"] == created["id"])
    assert_parent(mine, ok(system.get(f"/api/v1/budget/type/{second['id']}", admin)))
    assert all("budgetType" in s and s["budgetType"]["id"] == s["budgetTypeId"] for s in listed)


# 3. Money in plain decimal notation ------------------------------------------------------------------

def test_every_money_field_of_every_budget_answer_is_plain_decimal(system, admin):
    type_fields = {"availableFunds", "allocated", "spent", "reserved", "unallocated"}
    subtype_fields = {"availableFunds", "allocated", "spent"}
    movement_fields = {"valueWithoutIva", "ivaRate", "ivaValue", "totalValue"}
    t_resp = system.post("/api/v1/budget/type/create", admin,
                         json={"name": unique("Money"), "description": "m", "availableFunds": 1000.5})
    found = assert_plain_money(t_resp, type_fields)
    assert ("$.availableFunds", "1000.50") in found and ("$.spent", "0.00") in found
    t = t_resp.json()
    s_resp = system.post("/api/v1/budget/subtype/create", admin, json={
        "name": unique("Money"), "description": "m", "availableFunds": 200, "budgetTypeId": t["id"]})
    assert ("$.availableFunds", "200.00") in assert_plain_money(s_resp, subtype_fields)
    s = s_resp.json()
    supplier = new_supplier(system, admin)
    m_resp = system.post("/api/v1/movement/create", admin,
                         json=movement_body(supplier["id"], 12.3, subtype_id=s["id"], rate=23))
    found = assert_plain_money(m_resp, movement_fields)
    assert ("$.totalValue", "15.13") in found and ("$.ivaRate", "23.00") in found
    m = m_resp.json()
    invoice = system.post("/api/v1/invoice/create", admin,
                          json={"dateOfEmission": "2024-11-10", "description": "money", "movementId": m["id"]})
    # The invoice nests its movement (seed-spec §3.5), money included.
    assert_plain_money(invoice, movement_fields)
    assert invoice.json()["movement"]["id"] == m["id"] and invoice.json()["movementId"] == m["id"]

    answers = {
        "type get": (f"/api/v1/budget/type/{t['id']}", type_fields),
        "type list": ("/api/v1/budget/type/all?page=0&size=100&sort=name%252Casc", type_fields),
        "subtype get": (f"/api/v1/budget/subtype/{s['id']}", subtype_fields),
        "subtype list": ("/api/v1/budget/subtype/all?page=0&size=100", subtype_fields),
        "movement get": (f"/api/v1/movement/{m['id']}", movement_fields),
        "movement list": ("/api/v1/movement/all?page=0&size=100&sort=id%252Cdesc", movement_fields),
        "movements of type": (f"/api/v1/movement/budget-type/{t['id']}", movement_fields),
        "movements of subtype": (f"/api/v1/movement/budget-subtype/{s['id']}", movement_fields),
        "invoice get": (f"/api/v1/invoice/{invoice.json()['id']}", movement_fields),
        "invoice list": ("/api/v1/invoice/all?page=0&size=100&sort=id%252Cdesc", movement_fields),
        "usage": ("/api/v1/budget/usage?page=0&size=100", {"allocated", "spent", "reserved", "available"}),
    }
    for name, (path, fields) in answers.items():
        assert_plain_money(get_raw(system, path, admin), fields)
    updated = system.put("/api/v1/budget/type/update", admin, json={
        "id": t["id"], "version": ok(system.get(f"/api/v1/budget/type/{t['id']}", admin))["version"],
        "name": t["name"], "description": "m2", "availableFunds": 990.1})
    assert ("$.availableFunds", "990.10") in assert_plain_money(updated, type_fields)
    s_now = ok(system.get(f"/api/v1/budget/subtype/{s['id']}", admin))
    s_updated = system.put("/api/v1/budget/subtype/update", admin, json={
        **{k: s_now[k] for k in ["id", "name", "description", "version"]}, "availableFunds": 0,
        "budgetTypeId": t["id"]})
    # Spent 15.13 already: an allocation of spent + 0.00 keeps availableFunds at 0.00.
    assert ("$.availableFunds", "0.00") in assert_plain_money(s_updated, subtype_fields)
    m_updated = system.put("/api/v1/movement/update", admin, json={
        **movement_body(supplier["id"], 1, subtype_id=s["id"], rate=6),
        "id": m["id"], "version": m["version"], "documentNumber": m["documentNumber"]})
    found = assert_plain_money(m_updated, movement_fields)
    assert ("$.totalValue", "1.06") in found


# 4. Validation errors readable by the original client ------------------------------------------------

def as_text(value):
    """How the original client shows one property of an error body: text, a flat map by its values,
    a list by its entries."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in as_text(item)]
    if isinstance(value, list):
        return [" ".join(as_text(item)) for item in value]
    return [json.dumps(value)]


def test_a_400_reads_as_text_and_per_field(system, admin):
    r = system.post("/api/v1/budget/type/create", admin,
                    json={"name": "", "description": "d", "availableFunds": 1.234})
    body = error(r, 400, "VALIDATION_ERROR")
    # The flat reading (every property but status and errorCode, as text): each line is a sentence
    # naming a field and its problem, never JSON.
    shown = [line for key, value in body.items() if key not in ("status", "errorCode") for line in as_text(value)]
    assert shown, body
    for line in shown:
        assert line and not line.lstrip().startswith(("{", "[")), line
    assert any("name" in line and "availableFunds" in line for line in as_text(body["message"])), body
    # Every value is text (as the seed's flat map: key and value the same line), one line a problem.
    assert all(isinstance(v, str) for k, v in body.items() if k != "status"), body
    assert body["name: must not be blank"] == "name: must not be blank", body
    assert any(k.startswith("availableFunds: ") for k in body), body
    # The machine reading, for a program that asks for it: one entry per problem.
    r = system.post("/api/v1/budget/type/create", admin, headers=PROBLEM_JSON,
                    json={"name": "", "description": "d", "availableFunds": 1.234})
    assert r.headers["Content-Type"].startswith("application/problem+json")
    body = error(r, 400, "VALIDATION_ERROR")
    assert {e["field"] for e in body["errors"]} == {"name", "availableFunds"}
    assert all(set(e) == {"field", "message"} and e["message"] for e in body["errors"])


def test_errors_without_fields_keep_the_seed_shape(system, admin):
    body = error(system.get(f"/api/v1/budget/type/{uuid.uuid4()}", admin), 404, "BUDGET_TYPE_NOT_FOUND")
    assert set(body) == {"message", "status", "errorCode"}
