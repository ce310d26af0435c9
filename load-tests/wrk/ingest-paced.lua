-- POST /v1/shipments/{id}/locations at a pace: each connection waits PACE ms (args[3]) before
-- each request, so the rate is about connections * 1000 / (PACE + latency); the harness tunes
-- PACE for a target rate (load-tests/bench/bench.py, the push scenario).
-- wrk -t2 -c64 -d15s -s ingest-paced.lua http://localhost:8080 -- shipments.txt demo-key 8
package.path = package.path .. ";" .. (debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./") .. "?.lua"
local common = require("common")
local pace = 0

function init(args)
  common.load(args)
  pace = tonumber(args[3] or "0")
end

function delay()
  return pace
end

request = common.single_update

function done(summary, latency, requests)
  common.summary(summary, latency, requests, "paced single updates", 1)
end
