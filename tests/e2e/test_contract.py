"""Contract test (issue 13): every operation of the seed contract, called through the portal.

For each operation (path × method) of `../shared/seed/portal-openapi.json` it builds a valid request
from the operation's schema, sends it through the portal as a user the route × role table of
docs/api.md admits, and checks the answer: a success status the contract documents for the
operation, and for a JSON answer every property the response schema declares, present with the
declared JSON type (recursively; extra properties are allowed; null only where the schema is
nullable or the property optional, as the seed's Jackson wrote unset fields).

Requests are built the way the seed's generated client (ng-openapi-gen on Angular's HttpClient)
builds them: JSON bodies with the schema's required properties (bytes as base64 text), query objects (`pageable`) spread
into one parameter per property, arrays joined with `,` after escaping the commas inside each item
(so `sort=["id,desc"]` goes out as `sort=id%252Cdesc`), values encoded with encodeURIComponent.
Values come from the schema (enum, format, example); only what must be real or unique (ids of
objects created beforehand, credentials, names, NIFs, the paging a screen asks for) comes from the
operation's plan below.

An operation may deviate only where the "Contract deviations" table of docs/api.md lists it, with
exactly the differences found (each `;`-separated item of "what differs" starts with the
difference's key in backticks: `status 503`, or a field path such as `content[].budgetType`). A
listed operation that matches again fails the test, so the list stays honest. The run ends with a
summary line: `contract: M of N operations matched, D listed deviations`.
"""
import base64
import json
import os
import pathlib
import re
import urllib.parse
import uuid

import pytest
import requests

from conftest import unique, user_body
from test_budget import movement_body, new_subtype, new_supplier, new_type
from test_invoices import PDF, invoice_body
from test_notification import message, wait_for_mails
from test_portal import NO_ROLE, documented_matrix

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = pathlib.Path(os.environ.get("BH_SEED_CONTRACT", ROOT.parent / "shared" / "seed" / "portal-openapi.json"))
METHODS = ("get", "put", "post", "delete", "patch")
LEAST_PRIVILEGED_FIRST = ["HR", "EMPLOYEE", "MANAGER", "ADMIN"]


def load_contract():
    if not SEED.is_file():
        pytest.fail(f"the seed contract is missing: {SEED} (set BH_SEED_CONTRACT)", pytrace=False)
    return json.loads(SEED.read_text(encoding="utf-8"))


CONTRACT = json.loads(SEED.read_text(encoding="utf-8")) if SEED.is_file() else {"paths": {}}
OPERATIONS = [f"{method.upper()} {path}" for path, item in CONTRACT["paths"].items()
              for method in item if method in METHODS]


def operation(name):
    method, path = name.split(" ", 1)
    return method, path, CONTRACT["paths"][path][method.lower()]


def resolve(schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = CONTRACT["components"]["schemas"][name]
    return schema


# ---------------------------------------------------------------------------------------------
# Deviations, read from docs/api.md

def documented_deviations():
    """{operation: {key: row text}} from the "Contract deviations" table of docs/api.md."""
    rows, inside = {}, False
    for line in (ROOT / "docs" / "api.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## Contract deviations"
        if not inside or not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 3, f"a contract deviation row has 3 cells (operation, what differs, reason): {line}"
        name, differs, reason = cells[0].strip("`"), cells[1], cells[2]
        assert reason, f"{name}: a listed deviation needs a reason"
        keys = {}
        for item in differs.split(";"):
            key = re.match(r"\s*`([^`]+)`", item)
            assert key, f"{name}: each item of 'what differs' starts with its key in backticks: {item!r}"
            keys[key.group(1)] = item.strip()
        assert name not in rows, f"{name} is listed twice"
        rows[name] = keys
    return rows


DEVIATIONS = documented_deviations()


# ---------------------------------------------------------------------------------------------
# Requests built from the schema

def instance(schema, hints):
    """A value valid for `schema`: required properties plus the hinted ones (by name, at any depth)."""
    schema = resolve(schema)
    kind = schema.get("type")
    example = schema.get("example")
    if kind == "object" or "properties" in schema:
        out = {}
        for name, prop in schema.get("properties", {}).items():
            if name in hints:
                out[name] = hints[name]
            elif name in schema.get("required", []):
                out[name] = instance(prop, hints)
        return out
    if kind == "array":
        return example if isinstance(example, list) else [instance(schema.get("items", {}), hints)]
    if "enum" in schema:
        return example if example in schema["enum"] else schema["enum"][0]
    fmt = schema.get("format")
    if kind == "string":
        if fmt == "uuid":
            return str(uuid.uuid4())
        if fmt in ("binary", "byte"):
            return PDF
        if fmt == "email":
            return f"{unique('c')}@budgethub.test"
        if fmt == "date":
            return example if isinstance(example, str) else "2024-05-01"
        return example if isinstance(example, str) else "contract test"
    if kind == "integer":
        return example if isinstance(example, int) else max(schema.get("minimum", 1), 0)
    if kind == "number":
        return example if isinstance(example, (int, float)) else 1.0
    if kind == "boolean":
        return example if isinstance(example, bool) else True
    return example


def as_json(value):
    """Bytes (`format: binary/byte`) travel in JSON as base64 text."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def js_string(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def ng_serialize(value, separator=","):
    """ng-openapi-gen's Parameter.serializeValue: array items have their separators escaped."""
    if value is None:
        return ""
    if isinstance(value, list):
        escaped = urllib.parse.quote(separator, safe="")
        return separator.join(ng_serialize(v).replace(separator, escaped) for v in value)
    return js_string(value)


def encode_uri_component(text):
    return urllib.parse.quote(text, safe="-_.!~*'()")


def query_pairs(name, value):
    """ng-openapi-gen's QueryParameter.append with the defaults (style form, explode true)."""
    if isinstance(value, list):
        return [(name, ng_serialize(v)) for v in value]
    if isinstance(value, dict):
        return [(key, ng_serialize(v)) for key, v in value.items() if v is not None]
    return [] if value is None else [(name, ng_serialize(value))]


def build_request(name, plan):
    method, path, op = operation(name)
    pairs = []
    for param in op.get("parameters", []):
        where, pname = param["in"], param["name"]
        if where == "path":
            assert pname in plan.path, f"{name}: the plan has no value for path parameter {pname}"
            path = path.replace("{" + pname + "}", encode_uri_component(str(plan.path[pname])))
        elif where == "query" and (param.get("required") or pname in plan.hints):
            value = plan.hints[pname] if pname in plan.hints else instance(param["schema"], plan.hints)
            pairs += query_pairs(pname, value)
    url = path + ("?" + "&".join(f"{encode_uri_component(k)}={encode_uri_component(v)}" for k, v in pairs)
                  if pairs else "")
    headers = {"Accept": "*/*"}
    if plan.bearer:
        headers["Authorization"] = f"Bearer {plan.bearer}"
    kwargs = {"headers": headers}
    content = (op.get("requestBody") or {}).get("content", {})
    if "multipart/form-data" in content:
        body = instance(content["multipart/form-data"]["schema"], plan.hints)
        kwargs["files"] = {k: (f"{k}.pdf", v, "application/pdf") if isinstance(v, bytes) else (None, js_string(v))
                           for k, v in body.items()}
    elif "application/json" in content:
        kwargs["json"] = as_json(instance(content["application/json"]["schema"], plan.hints))
    return method, url, kwargs


# ---------------------------------------------------------------------------------------------
# Answers checked against the schema

JSON_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def type_problem(schema, value):
    kind = schema.get("type", "object" if "properties" in schema else None)
    if kind is None:
        return None
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, JSON_TYPES[kind])
    return None if ok else f"{type(value).__name__} {json.dumps(value)[:60]}, contract: {kind}"


def check(schema, value, where, problems, optional=False):
    """Adds {key: detail} for each declared property that is missing or of another JSON type. Null
    passes where the schema is nullable or the property optional (the seed's Jackson wrote unset
    fields as null)."""
    schema = resolve(schema)
    if value is None:
        if not (schema.get("nullable") or optional):
            problems.setdefault(where or "body", f"null, contract: {schema.get('type', 'object')} (not nullable)")
        return
    wrong = type_problem(schema, value)
    if wrong:
        problems.setdefault(where or "body", wrong)
        return
    if isinstance(value, dict):
        for name, prop in schema.get("properties", {}).items():
            path = f"{where}.{name}" if where else name
            if name not in value:
                problems.setdefault(path, "missing")
            else:
                check(prop, value[name], path, problems, optional=name not in schema.get("required", []))
    elif isinstance(value, list):
        for item in value:
            check(schema.get("items", {}), item, f"{where}[]", problems)


def differences(name, response):
    """{key: detail}: empty when the answer matches the contract."""
    _, _, op = operation(name)
    documented = op["responses"]
    success = sorted(code for code in documented if code.startswith("2"))
    status = str(response.status_code)
    if status not in success:
        body = response.text[:200]
        return {f"status {status}": f"answered {status} {body}, contract: {', '.join(success)}"}
    content = documented[status].get("content") or {}
    schema = next(iter(content.values()), {}).get("schema")
    if schema is None or not response.content or resolve(schema).get("type") == "string":
        return {}
    try:
        body = response.json()
    except ValueError:
        return {"body": f"not JSON ({response.headers.get('Content-Type')}), contract: a JSON body"}
    problems = {}
    check(schema, body, "", problems)
    return problems


# ---------------------------------------------------------------------------------------------
# Plans: the real objects and values each operation needs

class Plan:
    def __init__(self, user=None, path=None, hints=None, bearer=None):
        self.user = user
        self.path = path or {}
        self.hints = {"page": 0, "size": 20, "sort": ["id,desc"], **(hints or {})}  # a screen's first page
        self.bearer = bearer if bearer is not None else (user.token if user else None)


class World:
    """Objects created beforehand through the portal: shared ones to read, fresh ones to change."""

    def __init__(self, system):
        self.system = system
        self.admin = system.admin
        self.users = {"ADMIN": system.admin}
        self.type = new_type(system, self.admin, "1000000")
        self.subtype = new_subtype(system, self.admin, self.type["id"], "100000")
        self.supplier = new_supplier(system, self.admin)
        self.movement = self.new_movement()
        self.invoice = self.new_invoice(movementId=self.movement["id"])

    def role_user(self, role):
        if role not in self.users:
            self.users[role] = self.system.user_with_role(None if role == NO_ROLE else role)
        return self.users[role]

    def fresh_user(self):
        return self.system.register().sign_in()

    def created(self, path, body):
        r = self.system.post(path, self.admin, json=body)
        assert r.status_code == 200, f"{path}: {r.status_code} {r.text}"
        return r.json()

    def new_movement(self):
        return self.created("/api/v1/movement/create", movement_body(
            self.supplier["id"], 10, status="ACCEPTED", subtype_id=self.subtype["id"]))

    def new_invoice(self, **overrides):
        return self.created("/api/v1/invoice/create", invoice_body(**overrides))

    def new_intent(self, user, confirm=False):
        """A payment intent of `user` (EUR 1 on the shared subtype), confirmed when asked: its Stripe id."""
        body = {"currency": "eur", "paymentMethodId": "pm_card_visa", "description": unique("Contract payment"),
                "movementType": "DEBIT", "items": [{"amount": 1, "budgetSubtypeId": self.subtype["id"],
                                                    "supplierId": self.supplier["id"]}]}
        r = self.system.post("/api/v1/payment/create-payment-intent", user, json=body)
        assert r.status_code == 200, f"create-payment-intent: {r.status_code} {r.text}"
        intent = r.json()["paymentIntentId"]
        if confirm:
            r = self.system.post("/api/v1/payment/confirm", user, json={"paymentIntentId": intent})
            assert r.status_code == 204, f"confirm: {r.status_code} {r.text}"
        return intent

    def reset_token(self, user):
        r = self.system.post("/api/v1/user-credentials/recover-password", params={"email": user.email})
        assert r.status_code == 204, r.text
        text = message(wait_for_mails(user.email)[0]["ID"])["Text"]
        link = re.search(r"https?://\S+", text).group(0)
        return urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]


def own_account(world, **hints):
    user = world.fresh_user()
    return Plan(user=user, hints={**user.body, "id": user.id, **hints})


def new_object(fields):
    return {k: fields[k] for k in ("id", "version", "name", "availableFunds", "budgetTypeId", "companyName", "nif",
                                   "supplierId", "budgetSubtypeId", "documentNumber", "valueWithoutIva", "status",
                                   "type") if k in fields}


PLANS = {
    # auth: each call on an account of its own (sign-out, delete and reset end its sessions)
    "PUT /api/v1/user-credentials/update": lambda w: own_account(w),
    "DELETE /api/v1/user-credentials/delete": lambda w: own_account(w),
    "POST /api/v1/auth/sign-out": lambda w: own_account(w),
    "POST /api/v1/auth/sign-in": lambda w: (lambda u: Plan(hints={"email": u.email, "password": u.password}))(
        w.fresh_user()),
    "POST /api/v1/auth/refresh-token": lambda w: (lambda u: Plan(bearer=u.refresh_token))(w.fresh_user()),
    "POST /api/v1/user-credentials/register": lambda w: Plan(hints=user_body()),
    "POST /api/v1/user-credentials/recover-password": lambda w: Plan(),
    "POST /api/v1/user-credentials/reset-password":
        lambda w: Plan(hints={"token": w.reset_token(w.fresh_user()), "newPassword": "Reset-Horse-42"}),
    # budget types and subtypes
    "POST /api/v1/budget/type/create": lambda w: Plan(hints={"name": unique("Type"), "availableFunds": 1000}),
    "PUT /api/v1/budget/type/update": lambda w: Plan(hints=new_object(new_type(w.system, w.admin))),
    "DELETE /api/v1/budget/type/delete/{id}": lambda w: Plan(path={"id": new_type(w.system, w.admin)["id"]}),
    "GET /api/v1/budget/type/{id}": lambda w: Plan(path={"id": w.type["id"]}),
    "GET /api/v1/budget/type/all": lambda w: Plan(),
    "POST /api/v1/budget/subtype/create":
        lambda w: Plan(hints={"name": unique("Sub"), "availableFunds": 10, "budgetTypeId": w.type["id"]}),
    "PUT /api/v1/budget/subtype/update":
        lambda w: Plan(hints=new_object(new_subtype(w.system, w.admin, w.type["id"], "10"))),
    "DELETE /api/v1/budget/subtype/delete/{id}":
        lambda w: Plan(path={"id": new_subtype(w.system, w.admin, w.type["id"], "10")["id"]}),
    "GET /api/v1/budget/subtype/{id}": lambda w: Plan(path={"id": w.subtype["id"]}),
    "GET /api/v1/budget/subtype/all": lambda w: Plan(),
    # suppliers
    "POST /api/v1/supplier/create":
        lambda w: Plan(hints={"companyName": unique("Co"), "nif": str(100000000 + uuid.uuid4().int % 899999999)}),
    "PUT /api/v1/supplier/update": lambda w: Plan(hints=new_object(new_supplier(w.system, w.admin))),
    "DELETE /api/v1/supplier/{id}": lambda w: Plan(path={"id": new_supplier(w.system, w.admin)["id"]}),
    "GET /api/v1/supplier/{id}": lambda w: Plan(path={"id": w.supplier["id"]}),
    "GET /api/v1/supplier/all": lambda w: Plan(),
    # movements
    "POST /api/v1/movement/create":
        lambda w: Plan(hints={"supplierId": w.supplier["id"], "budgetSubtypeId": w.subtype["id"],
                              "documentNumber": unique("DOC"), "valueWithoutIva": 10}),
    "PUT /api/v1/movement/update": lambda w: Plan(hints=new_object(w.new_movement())),
    "DELETE /api/v1/movement/{id}": lambda w: Plan(path={"id": w.new_movement()["id"]}),
    "GET /api/v1/movement/{id}": lambda w: Plan(path={"id": w.movement["id"]}),
    "GET /api/v1/movement/all": lambda w: Plan(),
    "GET /api/v1/movement/budget-type/{budgetTypeId}": lambda w: Plan(path={"budgetTypeId": w.type["id"]}),
    "GET /api/v1/movement/budget-subtype/{budgetSubtypeId}":
        lambda w: Plan(path={"budgetSubtypeId": w.subtype["id"]}),
    "POST /api/v1/movement/export-movements-report": lambda w: Plan(),
    # invoices
    "POST /api/v1/invoice/create": lambda w: Plan(),
    "PUT /api/v1/invoice/update": lambda w: Plan(hints=new_object(w.new_invoice())),
    "DELETE /api/v1/invoice/{id}": lambda w: Plan(path={"id": w.new_invoice()["id"]}),
    "GET /api/v1/invoice/{id}": lambda w: Plan(path={"id": w.invoice["id"]}),
    "GET /api/v1/invoice/all": lambda w: Plan(),
    "POST /api/v1/invoice/attach-base64-file/{invoiceId}": lambda w: Plan(path={"invoiceId": w.new_invoice()["id"]}),
    "POST /api/v1/invoice/attach-multipart-file/{invoiceId}":
        lambda w: Plan(path={"invoiceId": w.new_invoice()["id"]}),
    # payments: the items name real budget objects (a euro each, so the subtype never runs out), the
    # card is one localstripe knows; confirm, cancel and refund act on intents made for the purpose
    # (confirm by the employee who made it: a payment is visible to its payer and to managers)
    **{f"POST /api/v1/payment/{action}": lambda w: Plan(hints={"supplierId": w.supplier["id"],
                                                               "budgetSubtypeId": w.subtype["id"], "amount": 1,
                                                               "paymentMethodId": "pm_card_visa"})
       for action in ("create-payment-intent", "create-card-token", "create-sepa-token", "create-payment-session")},
    "POST /api/v1/payment/confirm": lambda w: (lambda u: Plan(user=u, hints={
        "paymentIntentId": w.new_intent(u)}))(w.role_user("EMPLOYEE")),
    "POST /api/v1/payment/cancel": lambda w: Plan(hints={"paymentIntentId": w.new_intent(w.role_user("EMPLOYEE"))}),
    "POST /api/v1/payment/refund":
        lambda w: Plan(hints={"paymentIntentId": w.new_intent(w.role_user("EMPLOYEE"), confirm=True)}),
}
def caller_for(name, world, plan):
    """The plan's own user, else the least privileged role the route × role table admits."""
    if plan.user is not None or plan.bearer is not None:
        return plan
    method, path = name.split(" ", 1)
    roles = {(m, p): r for m, p, _, r in documented_matrix()}
    assert (method, path) in roles, f"{name} is not in the route × role table of docs/api.md"
    admitted = roles[(method, path)]
    if admitted is not None:
        role = next((r for r in LEAST_PRIVILEGED_FIRST if r in admitted), NO_ROLE)
        plan.user = world.role_user(role)
        plan.bearer = plan.user.token
    return plan


# ---------------------------------------------------------------------------------------------
# The walk, and the summary line at the end of the run

LEDGER = {}  # operation → "matched" | "listed" | "unexpected"
FOUND = {}  # operation → {key: detail}, written to $BH_CONTRACT_REPORT (JSON) when set


def summary_line():
    counts = {k: sum(1 for v in LEDGER.values() if v == k) for k in ("matched", "listed", "unexpected")}
    line = (f"contract: {counts['matched']} of {len(OPERATIONS)} operations matched, "
            f"{counts['listed']} listed deviations")
    if counts["unexpected"] or len(LEDGER) < len(OPERATIONS):
        line += f" ({counts['unexpected']} unexpected, {len(OPERATIONS) - len(LEDGER)} not walked)"
    return line


class SummaryPlugin:
    def pytest_terminal_summary(self, terminalreporter):
        if LEDGER:
            terminalreporter.write_line(summary_line())
        if os.environ.get("BH_CONTRACT_REPORT"):
            pathlib.Path(os.environ["BH_CONTRACT_REPORT"]).write_text(json.dumps(FOUND, indent=1, sort_keys=True))


@pytest.fixture(scope="module")
def world(system, request):
    if not request.config.pluginmanager.has_plugin("budgethub-contract-summary"):
        request.config.pluginmanager.register(SummaryPlugin(), "budgethub-contract-summary")
    return World(system)


def test_the_contract_and_the_deviation_list_are_readable():
    contract = load_contract()
    assert contract["openapi"].startswith("3.") and OPERATIONS
    assert set(PLANS) == set(OPERATIONS), "every operation needs a plan, and only those"
    unknown = set(DEVIATIONS) - set(OPERATIONS)
    assert not unknown, f"docs/api.md lists deviations of operations the contract does not have: {unknown}"


@pytest.mark.parametrize("name", OPERATIONS)
def test_operation_answers_as_the_contract_says(name, world):
    plan = caller_for(name, world, PLANS[name](world))
    method, url, kwargs = build_request(name, plan)
    response = requests.request(method, world.system.portal + url, timeout=30, **kwargs)
    found = FOUND[name] = differences(name, response)
    listed = DEVIATIONS.get(name)
    request_text = f"{method} {url} {json.dumps(kwargs.get('json'))[:300] if 'json' in kwargs else ''}"
    LEDGER[name] = "matched" if not found and listed is None else "listed" if found and listed else "unexpected"
    if listed is None:
        assert not found, (f"{name} deviates from the contract and docs/api.md does not list it:\n"
                           f"  request: {request_text}\n" + "\n".join(f"  `{k}`: {v}" for k, v in found.items()))
        return
    assert found, f"{name} matches the contract now: remove its row from 'Contract deviations' in docs/api.md"
    if set(found) != set(listed):
        LEDGER[name] = "unexpected"
    assert set(found) == set(listed), (
        f"{name}: the differences found are not the ones docs/api.md lists\n  request: {request_text}\n"
        f"  found:  {found}\n  listed: {sorted(listed)}")


def test_every_operation_is_matched_or_a_listed_deviation():
    """Runs last in this module: the counts of the summary line add up to the contract."""
    walked = dict(LEDGER)
    assert len(walked) == len(OPERATIONS), summary_line()
    assert sum(1 for v in walked.values() if v in ("matched", "listed")) == len(OPERATIONS), summary_line()
    assert sum(1 for v in walked.values() if v == "listed") == len(DEVIATIONS), summary_line()
