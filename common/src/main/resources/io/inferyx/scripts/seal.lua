-- Turns one batcher's forming list into a batch record on the model's batch list, oldest job
-- first, and marks its jobs batched.
-- KEYS: 1 forming list, 2 batch list
-- ARGV: 1 batch id, 2 job key prefix, 3 source states (",queued,"), 4 target state (batched)
local t = redis.call('TIME')
local now = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))

local ids = redis.call('LRANGE', KEYS[1], 0, -1)
local batch = {ARGV[1]}
for i = #ids, 1, -1 do
  local key = ARGV[2] .. ids[i]
  local status = redis.call('HGET', key, 'status')
  if status and string.find(ARGV[3], ',' .. status .. ',', 1, true) then
    redis.call('HSET', key, 'status', ARGV[4], 'batched_at', now, 'batch', ARGV[1])
    batch[#batch + 1] = ids[i]
  end
end
redis.call('DEL', KEYS[1])
if #batch > 1 then
  redis.call('LPUSH', KEYS[2], table.concat(batch, ' '))
end
return {#batch - 1}
