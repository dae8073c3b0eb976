-- Makes a rebuilt generation the current one, only when it has applied at least every entry the current one has.
-- KEYS[1] current-generation pointer, KEYS[2] positions of the expected current generation (any key when none),
-- KEYS[3] positions of the new generation
-- ARGV[1] the expected current generation ('' when none), ARGV[2] the new generation
local function compare(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  if am ~= bm then
    return am < bm and -1 or 1
  end
  if as ~= bs then
    return as < bs and -1 or 1
  end
  return 0
end

local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then
  return {'moved', current or ''}
end
if current then
  local live = redis.call('HGETALL', KEYS[2])
  for k = 1, #live, 2 do
    local mine = redis.call('HGET', KEYS[3], live[k])
    if not mine or compare(mine, live[k + 1]) < 0 then
      return {'behind', live[k]}
    end
  end
end
redis.call('SET', KEYS[1], ARGV[2])
return {'swapped', current or ''}
