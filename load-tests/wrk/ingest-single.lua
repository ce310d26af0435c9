-- POST /v1/shipments/{id}/locations, one update per request.
-- wrk -t2 -c64 -d30s -s ingest-single.lua http://localhost:8080 -- shipments.txt demo-key
package.path = package.path .. ";" .. (debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./") .. "?.lua"
local common = require("common")

init = common.load

request = common.single_update

function done(summary, latency, requests)
  common.summary(summary, latency, requests, "single updates", 1)
end
