-- wrk script: every request asks for the next path of a list, so that each page is asked for
-- once (first views: page-cache misses). Thread i of n takes paths i, i+n, i+2n ...; a thread
-- stops once its paths are used up (wrk.thread:stop). wrk divides by its whole -d duration, so
-- run-site derives the rate from the mean latency instead (Little's law: connections / latency).
--   wrk -tN -c8 -d10s -s bench/paths.lua http://127.0.0.1:PORT -- PATHS_FILE N
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  step = tonumber(args[2])
  index = id
  sent = 0
  repeats = 0
end

function request()
  if index > #paths then
    -- Used up: ask again for the last path while the thread winds down (counted as a repeat).
    repeats = repeats + 1
    return wrk.format("GET", paths[#paths])
  end
  local path = paths[index]
  index = index + step
  sent = sent + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if index > #paths then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local sent_total, repeats_total = 0, 0
  for _, thread in ipairs(threads) do
    sent_total = sent_total + thread:get("sent")
    repeats_total = repeats_total + thread:get("repeats")
  end
  io.write(string.format("first views %d\nrepeats %d\nmean latency us %.1f\n", sent_total,
                         repeats_total, latency.mean))
end
