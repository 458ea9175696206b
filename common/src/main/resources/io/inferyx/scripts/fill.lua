-- Moves the oldest queued job ids into one batcher's forming list until it holds a full batch,
-- then answers the forming size, the age of its oldest job and the number of sealed batches
-- still waiting for a worker, for the batcher to decide whether to seal now or wait. Ids are
-- never outside Redis while they move.
-- KEYS: 1 model queue, 2 forming list of this batcher, 3 batch list of the model
-- ARGV: 1 max batch size, 2 job key prefix of the model
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local room = tonumber(ARGV[1]) - redis.call('LLEN', KEYS[2])
for _ = 1, room do
  if not redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT') then
    break
  end
end

local size = redis.call('LLEN', KEYS[2])
if size == 0 then
  return {0, 0, 0}
end
local oldest = redis.call('LINDEX', KEYS[2], -1)
local enqueued = tonumber(redis.call('HGET', ARGV[2] .. oldest, 'enqueued_at') or now)
return {size, math.max(0, now - enqueued), redis.call('LLEN', KEYS[3])}
