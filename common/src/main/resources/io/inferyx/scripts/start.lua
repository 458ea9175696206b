-- Starts a batch a worker has claimed: if the batch is still in the worker's processing list,
-- marks each of its batched jobs running, counts the attempt, and answers the batch record,
-- then id, input, attempt, submitted_at, enqueued_at for each job started (empty if not owned).
-- With no record given, it first takes the oldest waiting batch into the processing list, as
-- the worker's BLMOVE claim would, and answers empty when none waits: a worker that has just
-- finished a batch takes and starts the next in the same round trip as that finish.
-- KEYS: 1 processing list of the worker, 2 the model's batch list
-- ARGV: 1 batch record ('' = take the oldest waiting one), 2 job key prefix, 3 source states (",batched,"),
--       4 target (running), 5 worker id
local t = redis.call('TIME')
local now = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))

local record = ARGV[1]
if record == '' then
  record = redis.call('LMOVE', KEYS[2], KEYS[1], 'RIGHT', 'LEFT')
  if not record then
    return {}
  end
elseif not redis.call('LPOS', KEYS[1], record) then
  return {}
end

local started = {record}
local first = true
for id in string.gmatch(record, '%S+') do
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
