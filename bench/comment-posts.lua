-- wrk script: each thread POSTs exactly POSTS_PER_THREAD distinct comments (JSON API). After its last
-- one it repeats its first comment: those answer 409 (duplicate detection; nothing stored) and keep the
-- connections busy cheaply until every genuine POST is answered. A thread stops when all its genuine
-- POSTs are answered, or after 1,000 repeats (a POST lost to a socket error is never answered).
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
  sent, created, conflict, other, server_errors = 0, 0, 0, 0, 0
end

local function body(n)
  return string.format('{"name":"قارئ %d","email":"bench-%d-%d@example.com","text":"تعليق الحمل رقم %d من الخيط %d"}', id, id, n, n, id)
end

function request()
  local n = 1
  if sent < limit then sent = sent + 1; n = sent end
  return wrk.format("POST", "/api/v1/articles/" .. article .. "/comments", { ["Content-Type"] = "application/json" }, body(n))
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 409 then conflict = conflict + 1
  elseif status >= 500 then server_errors = server_errors + 1
  else other = other + 1 end
  if created + other + server_errors >= limit or conflict >= 1000 then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local c, k, o, e = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); k = k + t:get("conflict"); o = o + t:get("other"); e = e + t:get("server_errors")
  end
  io.write(string.format("POSTS created=%d conflict=%d other=%d server_errors=%d\n", c, k, o, e))
end
