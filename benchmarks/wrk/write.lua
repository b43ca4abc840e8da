-- The write mix of benchmarks/write_mix.py. BENCH_WRITES names a file of writes, one a
-- line: kind, path, Accept, Cookie and the urlencoded body, tab-separated. Run with as
-- many threads as connections (one connection a thread, so answers come in the order
-- of the requests). The threads go in pairs: pair p of n takes writes p+1, p+1+n, ...,
-- and both threads of a pair POST each of its writes, in step, so each write is sent
-- twice at about the same time (a double submit from two windows); a thread stops when
-- its list is done. Prints one JSON line: per thread, its pair and the status of each
-- of its writes in order (0: never answered).

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  writes = {}
  local pairs_count = math.max(1, math.floor(counter_of_threads() / 2))
  pair = math.floor((id - 1) / 2) % pairs_count
  local index = 0
  for line in io.lines(os.getenv("BENCH_WRITES")) do
    index = index + 1
    local kind, path, accept, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    if kind and (index - 1) % pairs_count == pair then
      table.insert(writes, wrk.format("POST", path, {
        ["Accept"] = accept,
        ["Accept-Language"] = "vi",
        ["Cookie"] = cookie,
        ["Content-Type"] = "application/x-www-form-urlencoded",
      }, body))
    end
  end
  count = #writes
  sent = 0
  answered = 0
  statuses = {}
end

function counter_of_threads()
  return tonumber(os.getenv("BENCH_THREADS") or "2")
end

function request()
  if id == 1 and not verified then
    -- wrk calls the first thread's request() once before the run, to count the
    -- requests a call makes; that one is never sent.
    verified = true
    return writes[1] or wrk.format("GET", "/health/")
  end
  sent = sent + 1
  if sent > #writes then
    return wrk.format("GET", "/health/")
  end
  return writes[sent]
end

function response(status, headers, body)
  answered = answered + 1
  if answered > #writes then
    wrk.thread:stop()
    return
  end
  statuses[answered] = status
  if answered == #writes then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local lists = {}
  for _, thread in ipairs(threads) do
    local got = thread:get("statuses")
    local parts = {}
    for i = 1, thread:get("count") do
      parts[i] = tostring(got[i] or 0)
    end
    table.insert(lists, string.format('{"pair": %d, "statuses": [%s]}',
      thread:get("pair"), table.concat(parts, ",")))
  end
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "threads": [%s]}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    table.concat(lists, ",")))
end
