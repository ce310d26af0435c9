-- POST /v1/orders, one order per request: a PostgreSQL transaction (order, history, outbox row)
-- and a Redis write-through each. Every order then runs the inventory saga (reserve, confirm).
-- wrk -t2 -c32 -d30s -s orders.lua http://localhost:8080 -- - demo-key
package.path = package.path .. ";" .. (debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./") .. "?.lua"
local common = require("common")

local body = '{"customer":{"name":"Load Test"},"items":[{"sku":"BOOK-1","quantity":1}],' ..
  '"destination":{"lat":52.52,"lon":13.405}}'
local key = "demo-key"

function init(args)
  key = args[2] or "demo-key"
end

function request()
  return wrk.format("POST", "/v1/orders",
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  common.summary(summary, latency, requests, "orders", 1, "orders")
end
