-- The pages of a mix in turn (BENCH_PATHS, one a line), each connection starting at a
-- different page, with the persona's session cookie (BENCH_COOKIE) and Vietnamese.
-- Counts answers other than 200 (a redirect to the log-in included) and prints one
-- JSON line for benchmarks/load.py.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^\n]+") do
    table.insert(paths, line)
  end
  position = math.random(#paths)
  not_ok = 0
  wrk.headers["Accept-Language"] = "vi"
  local cookie = os.getenv("BENCH_COOKIE") or ""
  if cookie ~= "" then
    wrk.headers["Cookie"] = cookie
  end
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local total_not_ok = 0
  for _, thread in ipairs(threads) do
    total_not_ok = total_not_ok + thread:get("not_ok")
  end
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p99_us": %d, "not_ok": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(99), total_not_ok,
    e.connect + e.read + e.write + e.timeout))
end
