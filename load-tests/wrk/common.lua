-- Shared by the wrk scripts: the shipment ids, the API key, and device times that move forward
-- one microsecond per update from an hour ago (each thread starting up to 16 minutes later), so
-- updates stay in the past and almost never repeat a device time.
local M = {}

-- wrk's init(args) for every script: seed this thread's randomness, read the ids and the key.
function M.load(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16))
  local file = args[1] or "shipments.txt"
  M.key = args[2] or "demo-key"
  M.ids = {}
  for line in io.lines(file) do
    if #line > 0 then M.ids[#M.ids + 1] = line end
  end
  M.clock = (os.time() - 3600) * 1000000 + math.random(0, 999) * 1000000
end

function M.any()
  return M.ids[math.random(1, #M.ids)]
end

function M.fix(shipment)
  M.clock = M.clock + 1
  local seconds = math.floor(M.clock / 1000000)
  local at = os.date("!%Y-%m-%dT%H:%M:%S", seconds) .. string.format(".%06dZ", M.clock % 1000000)
  local prefix = shipment and ('"shipmentId":"' .. shipment .. '",') or ""
  return string.format('{%s"lat":%.5f,"lon":%.5f,"recordedAt":"%s","speed":%d,"heading":%d}',
    prefix, 52.4 + math.random() * 0.2, 13.3 + math.random() * 0.2, at, math.random(0, 20), math.random(0, 359))
end

-- One location update of a random shipment, as POST /v1/shipments/{id}/locations.
function M.single_update()
  return wrk.format("POST", "/v1/shipments/" .. M.any() .. "/locations",
    { ["Authorization"] = "Bearer " .. M.key, ["Content-Type"] = "application/json" }, M.fix(nil))
end

function M.summary(summary, latency, requests, label, per_request, unit)
  local ok = summary.requests - summary.errors.status
  io.write(string.format("%s: %d requests, %d non-2xx, %.0f requests/s, %.0f %s/s\n", label,
    summary.requests, summary.errors.status, summary.requests / (summary.duration / 1e6),
    ok * per_request / (summary.duration / 1e6), unit or "updates"))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("  p%-5s %8.2f ms\n", p, latency:percentile(p) / 1000))
  end
end

return M
