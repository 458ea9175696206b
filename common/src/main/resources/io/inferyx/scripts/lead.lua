-- Takes or keeps a leadership lock: answers 1 when the caller holds it (renewed for ttl),
-- 0 when another live process does.
-- KEYS: 1 lock; ARGV: 1 caller id, 2 ttl (ms)
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1}
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1}
end
return {0}
