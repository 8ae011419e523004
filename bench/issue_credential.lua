-- wrk script for bench/issuer_http_bench.sh: every request issues the
-- example Open Badges 3.0 credential through POST /credentials/issue.
-- The body is read from $ANYCRED_BENCH_BODY and the token from
-- $ANYCRED_BENCH_TOKEN; both are prepared by the shell script.
local f = assert(io.open(os.getenv("ANYCRED_BENCH_BODY"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ANYCRED_BENCH_TOKEN")

local failures = 0
response = function(status, headers, body)
  if status ~= 201 then
    failures = failures + 1
    if failures <= 3 then
      io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
    end
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local ok = summary.requests - summary.errors.status
  io.write(string.format(
    "credentials/s: %.0f  (201 responses: %d in %.1f s; non-201: %d; " ..
    "latency p50 %.1f ms, p99 %.1f ms)\n",
    ok / seconds, ok, seconds, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
