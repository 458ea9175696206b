-- Starts a batch a worker has claimed: if the batch is still in the worker's processing list,
-- marks each of its batched jobs running, counts the attempt, and answers
-- id, input, attempt, submitted_at, enqueued_at for each job started (empty if not owned).
-- KEYS: 1 processing list of the worker
-- ARGV: 1 batch record, 2 job key prefix, 3 source states (",batched,"), 4 target (running), 5 worker id
local t = redis.call('TIME')
local now = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))

if not redis.call('LPOS', KEYS[1], ARGV[1]) then
  return {}
end

local started = {}
local first = true
for id in string.gmatch(ARGV[1], '%S+') do
  if first then
    first = false
  else
    local key = ARGV[2] .. id
    local fields = redis.call('HMGET', key, 'status', 'attempts', 'input', 'submitted_at', 'enqueued_at')
    local status = fields[1]
    if status and string.find(ARGV[3], ',' .. status .. ',', 1, true) then
      local attempt = (tonumber(fields[2]) or 0) + 1
      redis.call('HSET', key, 'status', ARGV[4], 'started_at', now, 'worker', ARGV[5], 'attempts', attempt)
      started[#started + 1] = id
      started[#started + 1] = fields[3]
      started[#started + 1] = tostring(attempt)
      started[#started + 1] = fields[4]
      started[#started + 1] = fields[5]
    end
  end
end
return started
