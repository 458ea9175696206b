-- Hands back the work of a worker or batcher whose lease has lapsed (or that is stopping):
-- every job it held goes back to the front of the model queue, except a job recovered more than the allowed number
-- of times (a poison pill), which fails with a reason instead of looping forever. Only a job
-- that was running counts a recovery: one in a batch claimed but not yet started cannot have
-- killed its holder. Then the held list and the holder's registration are removed. Does nothing while the lease exists,
-- unless the holder itself releases it: then the lease ends in the same step, so a sweep never
-- sees a stopping holder half released (lease gone, registration still there).
-- KEYS: 1 lease, 2 forming list (job ids), 3 processing list (batch records), 4 model queue,
--       5 holders set, 6 dead list, 7 backlog counter
-- ARGV: 1 holder id, 2 job key prefix, 3 recoverable states (",batched,running,"),
--       4 queued, 5 failed, 6 most recoveries before a job fails, 7 ttl of a finished job (ms),
--       8 in-flight key prefix, 9 channel for finished ids, 10 'release' (the holder ends its own
--       lease) or 'sweep', 11 the running state (the one that counts a recovery)
if ARGV[10] == 'release' then
  redis.call('DEL', KEYS[1])
elseif redis.call('EXISTS', KEYS[1]) == 1 then
  return {-1, 0, 0}
end
local t = redis.call('TIME')
local now = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))

local requeued, failed = 0, 0
local finished = {}
local function recover(id)
  local key = ARGV[2] .. id
  local status = redis.call('HGET', key, 'status')
  if status == ARGV[4] then
    redis.call('RPUSH', KEYS[4], id)
    requeued = requeued + 1
  elseif status and string.find(ARGV[3], ',' .. status .. ',', 1, true) then
    local times = 0
    if status == ARGV[11] then
      times = redis.call('HINCRBY', key, 'recoveries', 1)
    end
    if times > tonumber(ARGV[6]) then
      redis.call('HSET', key, 'status', ARGV[5], 'finished_at', now,
        'error', 'abandoned: its worker died ' .. times .. ' times while holding it')
      redis.call('HINCRBY', key, 'settled', 1)
      redis.call('PEXPIRE', key, ARGV[7])
      local digest = redis.call('HGET', key, 'digest')
      if digest and redis.call('GET', ARGV[8] .. digest) == id then
        redis.call('DEL', ARGV[8] .. digest)
      end
      redis.call('LPUSH', KEYS[6], id)
      redis.call('DECR', KEYS[7])
      finished[#finished + 1] = id
      failed = failed + 1
    else
      redis.call('HSET', key, 'status', ARGV[4], 'enqueued_at', now)
      redis.call('RPUSH', KEYS[4], id)
      requeued = requeued + 1
    end
  end
end

local forming = redis.call('LRANGE', KEYS[2], 0, -1)
for i = 1, #forming do
  recover(forming[i])
end
local held = redis.call('LRANGE', KEYS[3], 0, -1)
for i = 1, #held do
  local first = true
  for id in string.gmatch(held[i], '%S+') do
    if first then
      first = false
    else
      recover(id)
    end
  end
end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('SREM', KEYS[5], ARGV[1])
if #finished > 0 then
  redis.call('PUBLISH', ARGV[9], table.concat(finished, ' '))
end
return {1, requeued, failed}
