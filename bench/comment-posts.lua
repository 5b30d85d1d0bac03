-- wrk script: each thread POSTs exactly LIMIT distinct comments (JSON API), then only cheap GETs,
-- and stops once all its POSTs are answered. Counts 201/409/other/5xx answers per thread.
local limit = tonumber(os.getenv("POSTS_PER_THREAD") or "10000")
local article = os.getenv("ARTICLE_ID") or "1"
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  sent, answered, created, conflict, other, server_errors = 0, 0, 0, 0, 0, 0
end

function request()
  if sent < limit then
    sent = sent + 1
    local body = string.format('{"name":"قارئ %d","email":"bench-%d-%d@example.com","text":"تعليق الحمل رقم %d من الخيط %d"}', id, id, sent, sent, id)
    return wrk.format("POST", "/api/v1/articles/" .. article .. "/comments", { ["Content-Type"] = "application/json" }, body)
  end
  return wrk.format("GET", "/api/v1/categories")
end

function response(status, headers, body)
  if status == 200 then return end -- the filler GETs
  answered = answered + 1
  if status == 201 then created = created + 1
  elseif status == 409 then conflict = conflict + 1
  elseif status >= 500 then server_errors = server_errors + 1
  else other = other + 1 end
  if answered >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local c, k, o, e = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); k = k + t:get("conflict"); o = o + t:get("other"); e = e + t:get("server_errors")
  end
  io.write(string.format("POSTS created=%d conflict=%d other=%d server_errors=%d\n", c, k, o, e))
end
