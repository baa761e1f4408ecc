-- wrk script: POST the body in $BODY_FILE as JSON, and print one JSON line of results at the end.
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
-- $ACCEPT_ENCODING, when set, asks for a compressed answer (wrk counts the bytes, never decodes).
local acceptEncoding = os.getenv("ACCEPT_ENCODING")
if acceptEncoding and acceptEncoding ~= "" then wrk.headers["Accept-Encoding"] = acceptEncoding end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"non2xx":%d,"socketErrors":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), latency.max,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
