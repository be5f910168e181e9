-- wrk script for bench/perf/load_client_vs_wrk.sh: POSTs the load
-- generator's stream.write body (bench/load/rpc_bodies.cc, byte for byte)
-- to /rpc over keep-alive connections. The requests are formatted once per
-- thread in init() (1000 of them, cycling test-stream-0..99 like the load
-- generator) so that wrk spends no Lua time per request beyond a table
-- lookup: the cheapest way wrk can send these bodies.
-- The bearer token comes from the environment (MDBPROF_TOKEN), optional.

local requests = {}
local n = 0

function init(args)
  local id = math.random(0, 9)
  local token = os.getenv("MDBPROF_TOKEN")
  local headers = { ["Content-Type"] = "application/json" }
  if token ~= nil and token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  for counter = 0, 999 do
    local stream = counter % 100
    local body = string.format(
      '["stream.write","test-stream-%d",{"type":"TestEvent","data":' ..
      '{"counter":%d,"workerId":%d,"message":"load test event %d from ' ..
      'worker %d","nested":{"source":"mdbprof-load","level":2,' ..
      '"active":true,"ratio":0.75,"tags":["load","test","profiling"],' ..
      '"details":{"sequence":%d,"label":"payload"}}},"metadata":' ..
      '{"correlationStreamName":"load-correlation-%d","workerId":%d}}]',
      stream, counter, id, counter, id, counter, stream, id)
    requests[counter + 1] = wrk.format("POST", "/rpc", headers, body)
  end
end

function request()
  n = n % #requests + 1
  return requests[n]
end

-- No response() callback: with one, wrk would parse every response body in
-- Lua. Non-2xx answers are counted by wrk itself ("Non-2xx or 3xx").
