-- The current generation of a read model, creating generation 1 (or the next number) when there is none.
-- KEYS[1] current-generation pointer, KEYS[2] generation counter
local current = redis.call('GET', KEYS[1])
if current then
  return current
end
local generation = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], generation)
return tostring(generation)
