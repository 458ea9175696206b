-- Admits one request to a model, atomically: answer a replay of an existing job id, serve it
-- from the cache, join an identical job in flight, reject it when the model's backlog is full
-- (writing nothing), or create the job and queue it.
-- KEYS: 1 queue, 2 job hash, 3 cache entry, 4 in-flight marker, 5 backlog counter
-- ARGV: 1 job id, 2 model, 3 input, 4 max backlog, 5 ttl of a finished job (ms),
--       6 status queued, 7 status done, 8 ttl of the in-flight marker (ms), 9 input digest
local t = redis.call('TIME')
local now = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))

-- every job hash this script writes has a digest: one read tells whether the id is taken
local existing = redis.call('HGET', KEYS[2], 'digest')
if existing then
  return {'duplicate', ARGV[1], existing}
end

local cached = redis.call('GET', KEYS[3])
if cached then
  redis.call('HSET', KEYS[2], 'model', ARGV[2], 'input', ARGV[3], 'status', ARGV[7], 'result', cached,
    'cached', '1', 'attempts', '0', 'submitted_at', now, 'finished_at', now, 'digest', ARGV[9])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  return {'cached', ARGV[1], cached}
end

local backlog = tonumber(redis.call('GET', KEYS[5]) or '0')
if backlog >= tonumber(ARGV[4]) then
  local joined = redis.call('GET', KEYS[4])
  if joined then
    return {'joined', joined}
  end
  return {'rejected', tostring(backlog)}
end

-- takes the in-flight marker for this input, unless an identical job holds it: then join that one
local joined = redis.call('SET', KEYS[4], ARGV[1], 'NX', 'GET', 'PX', ARGV[8])
if joined then
  return {'joined', joined}
end
redis.call('HSET', KEYS[2], 'model', ARGV[2], 'input', ARGV[3], 'status', ARGV[6], 'attempts', '0',
  'submitted_at', now, 'enqueued_at', now, 'digest', ARGV[9])
redis.call('INCR', KEYS[5])
redis.call('LPUSH', KEYS[1], ARGV[1])
return {'accepted', ARGV[1]}
