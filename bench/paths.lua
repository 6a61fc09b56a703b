-- wrk script for bench/pages.py: request the paths listed in a file, one per line, in turn,
-- and print one JSON line of figures when the run ends (latencies in microseconds). A second
-- argument "gzip" asks for gzipped responses, as browsers do.
--
--     wrk -t1 -c4 -d10s -s bench/paths.lua http://127.0.0.1:8765 -- var/bench/paths-article.txt [gzip]

local paths = {}
local position = 0

function init(args)
   for line in io.lines(args[1]) do
      if #line > 0 then
         paths[#paths + 1] = line
      end
   end
   -- Each connection's thread starts at its own place in the list.
   position = math.random(#paths) - 1
   wrk.headers["Host"] = "localhost"
   if args[2] == "gzip" then
      wrk.headers["Accept-Encoding"] = "gzip"
   end
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "socket_errors": %d, "non_2xx": %d}\n',
      summary.requests,
      summary.duration,
      latency:percentile(50),
      latency:percentile(95),
      errors.connect + errors.read + errors.write + errors.timeout,
      errors.status
   ))
end
