-- POSTs each path of BENCH_PATHS (one a line) once per thread, the threads in step, so
-- every path is sent by every thread at about the same time (a double submit from two
-- windows); a thread stops when its list is done. Counts answers by status and prints
-- one JSON line for benchmarks/write_mix.py.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^\n]+") do
    table.insert(paths, line)
  end
  position = 0
  answered = 0
  redirected = 0
  failed = 0
  statuses = ""
  wrk.headers["Accept-Language"] = "vi"
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  body = "csrfmiddlewaretoken=" .. os.getenv("BENCH_CSRF") .. "&comment="
end

function request()
  position = position + 1
  if position > #paths then
    return wrk.format("GET", "/health/")
  end
  return wrk.format("POST", paths[position], nil, body)
end

function response(status, headers, body)
  answered = answered + 1
  if answered > #paths then
    wrk.thread:stop()
    return
  end
  if status == 302 then
    redirected = redirected + 1
  else
    failed = failed + 1
    statuses = statuses .. " " .. status
  end
end

function done(summary, latency, requests)
  local r, f, s = 0, 0, ""
  for _, thread in ipairs(threads) do
    r = r + thread:get("redirected")
    f = f + thread:get("failed")
    s = s .. thread:get("statuses")
  end
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p99_us": %d, "redirected": %d, "failed": %d, '
    .. '"statuses": "%s"}\n',
    summary.requests, summary.duration, latency:percentile(99), r, f, s))
end
