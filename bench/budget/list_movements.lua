-- wrk script: GET a movement page (PATH env, e.g. /api/v1/movement/all?size=20) with a token.
local token = os.getenv("TOKEN")
local path = os.getenv("LIST_PATH")
request = function()
    return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
