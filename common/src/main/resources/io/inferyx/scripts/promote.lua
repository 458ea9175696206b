-- Moves retries whose backoff has passed from the retry set back to the model queue, in one
-- step (no pop-then-push), and answers how many moved and how long until the next is due
-- (-1 when the set is empty).
-- KEYS: 1 retry set, 2 model queue
-- ARGV: 1 most to move at once, 2 job key prefix, 3 source states (",retrying,"), 4 target (queued)
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local now = string.format('%.0f', nowMs)

local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', nowMs, 'LIMIT', 0, tonumber(ARGV[1]))
local moved = 0
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  local key = ARGV[2] .. id
  local status = redis.call('HGET', key, 'status')
  if status and string.find(ARGV[3], ',' .. status .. ',', 1, true) then
    redis.call('HSET', key, 'status', ARGV[4], 'enqueued_at', now)
    redis.call('LPUSH', KEYS[2], id)
    moved = moved + 1
  end
end

local nextDue = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = -1
if nextDue[2] then
  wait = math.max(0, tonumber(nextDue[2]) - nowMs)
end
return {moved, #due, wait}
