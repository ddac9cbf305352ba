-- wrk script: every request asks for the next path of a list, so that each page is asked for
-- once (first views: page-cache misses). Thread i of n takes paths i, i+n, i+2n ...; a thread
-- that runs past the end wraps around and counts it, so the run can tell whether every request
-- was a first view.
--   wrk -tN -c8 -d3s -s bench/paths.lua http://127.0.0.1:PORT -- PATHS_FILE N
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
  wrapped = 0
end

function request()
  if index > #paths then
    index = id
    wrapped = wrapped + 1
  end
  local path = paths[index]
  index = index + step
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local wraps = 0
  for _, thread in ipairs(threads) do wraps = wraps + thread:get("wrapped") end
  io.write(string.format("wrapped %d\n", wraps))
end
