-- GET /v1/shipments/{id}, the latest position of a random shipment.
-- wrk -t2 -c64 -d30s -s read-latest.lua http://localhost:8080 -- shipments.txt demo-key
package.path = package.path .. ";" .. (debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./") .. "?.lua"
local common = require("common")

init = common.load

function request()
  return wrk.format("GET", "/v1/shipments/" .. common.any(), { ["Authorization"] = "Bearer " .. common.key })
end

function done(summary, latency, requests)
  common.summary(summary, latency, requests, "latest-position reads", 1)
end
