-- POST /v1/locations, a JSON array of BATCH updates per request (default 500).
-- wrk -t2 -c16 -d60s -s ingest-batch.lua http://localhost:8080 -- shipments.txt demo-key 500
package.path = package.path .. ";" .. (debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./") .. "?.lua"
local common = require("common")
local size

function init(args)
  common.load(args)
  size = tonumber(args[3] or "500")
end

function request()
  local items = {}
  for i = 1, size do items[i] = common.fix(common.any()) end
  return wrk.format("POST", "/v1/locations",
    { ["Authorization"] = "Bearer " .. common.key, ["Content-Type"] = "application/json" },
    "[" .. table.concat(items, ",") .. "]")
end

function done(summary, latency, requests)
  common.summary(summary, latency, requests, "batches", tonumber(os.getenv("BATCH") or "500"))
end
