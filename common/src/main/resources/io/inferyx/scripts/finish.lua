-- Settles a batch a worker ran, in one atomic step: each job becomes done (result stored,
-- cache entry written), retrying (scheduled on the retry set at server time + delay) or
-- failed (dead-lettered); then the batch leaves the worker's processing list, and the worker's
-- receipt (one key per worker, the last batch it finished) records what was written. When the
-- batch is no longer in that list nothing is written: the answer is the receipt when it is of
-- this batch (an earlier finish landed and its reply was lost), else "not owned" (the lease
-- lapsed and the batch was recovered). A worker finishes one batch at a time, so the last
-- receipt is the only one it can ask for again.
-- KEYS: 1 processing list, 2 retry set, 3 dead list, 4 backlog counter, 5 retry wake-up list,
--       6 the worker's receipt, then per job: job hash, cache entry, in-flight marker
-- ARGV: 1 batch record, 2 ttl of a finished job (ms), 3 cache ttl (ms, 0 = no cache),
--       4 channel for finished ids, 5 source state (",running,"), 6 done, 7 retrying, 8 failed,
--       then per job: id, kind (done | retry | fail), result or error, retry delay (ms)
-- Returns {1 | 2 (repeated) | -1 (not owned), done, retried, failed}
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local now = string.format('%.0f', nowMs)
local batchId = string.match(ARGV[1], '^%S+')

if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then
  local receipt = redis.call('GET', KEYS[6])
  local batch, done, retried, failed = string.match(receipt or '', '^(%S+) (%d+) (%d+) (%d+)$')
  if batch ~= batchId then
    return {-1, 0, 0, 0}
  end
  return {2, tonumber(done), tonumber(retried), tonumber(failed)}
end

local done, retried, failed = 0, 0, 0
local finished = {}
local jobs = (#ARGV - 8) / 4
for i = 0, jobs - 1 do
  local jobKey, cacheKey, inflightKey = KEYS[7 + i * 3], KEYS[8 + i * 3], KEYS[9 + i * 3]
  local id, kind, payload, delay = ARGV[9 + i * 4], ARGV[10 + i * 4], ARGV[11 + i * 4], ARGV[12 + i * 4]
  local state = redis.call('HMGET', jobKey, 'status', 'settled')
  local status = state[1]
  if status and string.find(ARGV[5], ',' .. status .. ',', 1, true) then
    if kind == 'retry' then
      local due = nowMs + tonumber(delay)
      redis.call('HSET', jobKey, 'status', ARGV[7], 'error', payload, 'retry_at', string.format('%.0f', due))
      redis.call('ZADD', KEYS[2], due, id)
      retried = retried + 1
    else
      -- settled counts terminal writes: tests prove exactly-once settlement by finding 1 everywhere
      local settled = (tonumber(state[2]) or 0) + 1
      if kind == 'done' then
        redis.call('HSET', jobKey, 'status', ARGV[6], 'result', payload, 'finished_at', now, 'settled', settled)
        if tonumber(ARGV[3]) > 0 then
          redis.call('SET', cacheKey, payload, 'PX', ARGV[3])
        end
        done = done + 1
      else
        redis.call('HSET', jobKey, 'status', ARGV[8], 'error', payload, 'finished_at', now, 'settled', settled)
        redis.call('LPUSH', KEYS[3], id)
        failed = failed + 1
      end
      redis.call('PEXPIRE', jobKey, ARGV[2])
      if redis.call('GET', inflightKey) == id then
        redis.call('DEL', inflightKey)
      end
      finished[#finished + 1] = id
    end
  end
end

if retried > 0 then
  redis.call('LPUSH', KEYS[5], now)
  redis.call('LTRIM', KEYS[5], 0, 0)
end
if #finished > 0 then
  redis.call('DECRBY', KEYS[4], #finished)
  redis.call('PUBLISH', ARGV[4], table.concat(finished, ' '))
end
redis.call('SET', KEYS[6], batchId .. ' ' .. done .. ' ' .. retried .. ' ' .. failed, 'PX', ARGV[2])
return {1, done, retried, failed}
