-- Read-only leaderboard mix for wrk: top 20 of a trade board (week and all time) and the caller's place.
-- wrk -t2 -c64 -d30s -s bench/reads.lua -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080
local paths = {
  "/api/leaderboards/TRADE/WEEK?limit=20",
  "/api/leaderboards/TRADE/ALL_TIME?limit=20",
  "/api/leaderboards/PROVINCE/WEEK?limit=20",
  "/api/leaderboards/TRADE/WEEK/me?around=5",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("reads: %d requests, %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d (non-2xx %d)\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
