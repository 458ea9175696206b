-- Admits the inputs of one request to a model, all or none, atomically. An input whose job id
-- exists already with the same input is a replay of that job (an idempotency key sent again);
-- every other input is answered from the cache, joins an identical job in flight (or an earlier
-- input of the same request), or becomes a new job, queued. Nothing is written when an input's
-- job id exists with another input (a key reused for other inputs) or when the model's backlog
-- has no room for the new jobs.
-- KEYS: 1 queue, 2 backlog counter, then per input i = 0, 1, ...:
--       3+3i job hash, 4+3i cache entry, 5+3i in-flight marker
-- ARGV: 1 model, 2 max backlog, 3 ttl of a finished job (ms), 4 status queued, 5 status done,
--       6 ttl of the in-flight marker (ms), then per input i: 7+3i job id, 8+3i input, 9+3i digest
-- Answers {'conflict', job id} or {'rejected', backlog} for the whole request, else
-- {'admitted', answer 1, answer 2, ...}, one per input: {'replayed', id}, {'accepted', id},
-- {'cached', id, result} or {'joined', id of the job joined}.
local t = redis.call('TIME')
local now = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
local n = (#KEYS - 2) / 3

-- first, read only. Every job hash this script writes has a digest, so one read tells whether
-- an id is taken, and by the same input or not. Then count the inputs that would become new
-- jobs; an input repeated within the request counts once.
local replayed, cached, new, fresh = {}, {}, 0, {}
for i = 0, n - 1 do
  local existing, digest = redis.call('HGET', KEYS[3 + 3 * i], 'digest'), ARGV[9 + 3 * i]
  if existing and existing ~= digest then
    return {'conflict', ARGV[7 + 3 * i]}
  end
  replayed[i] = existing ~= false
  cached[i] = not replayed[i] and redis.call('GET', KEYS[4 + 3 * i])
  if not replayed[i] and not cached[i] and not fresh[digest] and redis.call('EXISTS', KEYS[5 + 3 * i]) == 0 then
    fresh[digest] = true
    new = new + 1
  end
end

local backlog = tonumber(redis.call('GET', KEYS[2]) or '0')
if new > 0 and backlog + new > tonumber(ARGV[2]) then
  return {'rejected', tostring(backlog)}
end

local answers = {'admitted'}
for i = 0, n - 1 do
  local job, id, input, digest = KEYS[3 + 3 * i], ARGV[7 + 3 * i], ARGV[8 + 3 * i], ARGV[9 + 3 * i]
  if replayed[i] then
    answers[#answers + 1] = {'replayed', id}
  elseif cached[i] then
    redis.call('HSET', job, 'model', ARGV[1], 'input', input, 'status', ARGV[5], 'result', cached[i],
      'cached', '1', 'attempts', '0', 'submitted_at', now, 'finished_at', now, 'digest', digest)
    redis.call('PEXPIRE', job, ARGV[3])
    answers[#answers + 1] = {'cached', id, cached[i]}
  else
    -- takes the in-flight marker for this input, unless an identical job holds it: then join that one
    local joined = redis.call('SET', KEYS[5 + 3 * i], id, 'NX', 'GET', 'PX', ARGV[6])
    if joined then
      answers[#answers + 1] = {'joined', joined}
    else
      redis.call('HSET', job, 'model', ARGV[1], 'input', input, 'status', ARGV[4], 'attempts', '0',
        'submitted_at', now, 'enqueued_at', now, 'digest', digest)
      redis.call('INCR', KEYS[2])
      redis.call('LPUSH', KEYS[1], id)
      answers[#answers + 1] = {'accepted', id}
    end
  end
end
return answers
