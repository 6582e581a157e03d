-- wrk script for bench/api/run.mjs: cycles through the sample requests of one scenario (path and
-- Authorization header per line, tab-separated, in the file given as the first script argument) and prints
-- the result as one JSON line.
local requests = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    local path, authorization = line:match("^(.-)\t(.*)$")
    if path then requests[#requests + 1] = wrk.format("GET", path, { ["Authorization"] = authorization }) end
  end
  -- Each wrk thread starts at a different sample.
  next_index = tonumber(args[2] or "0") or 0
end

function request()
  next_index = next_index + 1
  return requests[(next_index % #requests) + 1]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
