-- wrk script: POST /api/v1/movement/create with a unique document number per request.
-- Env: TOKEN, SUPPLIER_ID, SUBTYPE_ID.
local counter = 0
local started = 0

-- Each thread gets its own tag (math.random is seeded alike in every thread: duplicate numbers).
function setup(thread)
    started = started + 1
    thread:set("thread_tag", os.time() .. "-" .. started)
end
local token = os.getenv("TOKEN")
local supplier = os.getenv("SUPPLIER_ID")
local subtype = os.getenv("SUBTYPE_ID")

request = function()
    counter = counter + 1
    local body = string.format(
        '{"supplierId":"%s","budgetSubtypeId":"%s","documentNumber":"WRK-%s-%d","type":"DEBIT",' ..
        '"status":"SUCCEEDED","dateOfEmission":"2024-05-01","description":"bench","valueWithoutIva":1.5,"ivaRate":23}',
        supplier, subtype, thread_tag, counter)
    return wrk.format("POST", "/api/v1/movement/create",
        {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
