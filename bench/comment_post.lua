-- wrk script for bench/run-wrk: every request posts a distinct comment (thread id + counter in
-- the text, so none is a duplicate) to /wp-comments-post.php. Run with flood control off.
-- Usage: wrk -t2 -c16 -d10s -s bench/comment_post.lua URL -- POST_ID [RUN]
-- POST_ID may be a range FIRST-LAST: the comments then go to those posts in turn.
-- RUN (any word) goes into every text, so that runs against the same post are not duplicates.
-- Each thread counts the status codes it gets; done() prints them and the rate of 303s
-- (accepted comments).

local threads = {}
local next_id = 0

-- Runs in the main Lua state, once per thread; thread_id becomes a global of that thread.
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(threads, thread)
end

local first_post, last_post = 1, 1
local run = ""
local counter = 0
-- Per-thread globals read by done() through thread:get: s<STATUS> counts and a ",303,400,"
-- list of the statuses seen.
status_keys = ""

function init(args)
  if args[1] then
    local a, b = args[1]:match("^(%d+)-(%d+)$")
    if a then
      first_post, last_post = tonumber(a), tonumber(b)
    else
      first_post = tonumber(args[1])
      last_post = first_post
    end
  end
  if args[2] then run = args[2] .. " " end
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  counter = counter + 1
  local id = thread_id
  local post_id = tostring(first_post + (counter + id) % (last_post - first_post + 1))
  local body = "comment=" .. urlencode(string.format(
      "Benchmark comment %s%d-%d: a short, friendly remark about the article.", run, id, counter))
    .. "&author=" .. urlencode("Bench Reader " .. id)
    .. "&email=" .. urlencode("bench" .. id .. "@example.com")
    .. "&url=&comment_post_ID=" .. post_id .. "&comment_parent=0"
  return wrk.format("POST", "/wp-comments-post.php",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function response(status, headers, body)
  local key = "s" .. status
  if _G[key] == nil then
    _G[key] = 0
    status_keys = status_keys .. "," .. status .. ","
  end
  _G[key] = _G[key] + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local keys = thread:get("status_keys") or ""
    for status in keys:gmatch("(%d+)") do
      totals[status] = (totals[status] or 0) + (thread:get("s" .. status) or 0)
    end
  end
  local seconds = summary.duration / 1e6
  local statuses = {}
  for status in pairs(totals) do table.insert(statuses, status) end
  table.sort(statuses)
  for _, status in ipairs(statuses) do
    io.write(string.format("status %s: %d\n", status, totals[status]))
  end
  io.write(string.format("accepted (303) per second: %.1f\n", (totals["303"] or 0) / seconds))
end
