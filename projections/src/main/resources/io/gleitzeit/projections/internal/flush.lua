-- Stores one batch of a read model: its aggregated writes and the last entry applied per stream, atomically.
-- KEYS[1] lease, KEYS[2] current-generation pointer, KEYS[3] the generation's positions hash, KEYS[4..] data keys
-- ARGV[1] lease token, ARGV[2] generation, ARGV[3] mode: 'live' (checks lease and generation) or 'build' (a fresh
-- generation no reader uses yet), ARGV[4] n, then n pairs stream/id, then ops: verb, key index, count, arguments
if ARGV[3] == 'live' then
  if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return 'lease_lost'
  end
  if redis.call('GET', KEYS[2]) ~= ARGV[2] then
    return 'stale_generation'
  end
end

-- unpack() is limited in how many values it returns: send long argument lists in slices (even, for pairs)
local function call_sliced(verb, key, args)
  local step = 1000
  for s = 1, #args, step do
    redis.call(verb, key, unpack(args, s, math.min(s + step - 1, #args)))
  end
end

local i = 4
local positions = {}
for _ = 1, tonumber(ARGV[i]) do
  positions[#positions + 1] = ARGV[i + 1]
  positions[#positions + 1] = ARGV[i + 2]
  i = i + 2
end
i = i + 1
while i <= #ARGV do
  local verb = ARGV[i]
  local key = KEYS[tonumber(ARGV[i + 1])]
  local count = tonumber(ARGV[i + 2])
  local args = {}
  for j = 1, count do
    args[j] = ARGV[i + 2 + j]
  end
  call_sliced(verb, key, args)
  i = i + 3 + count
end
if #positions > 0 then
  call_sliced('HSET', KEYS[3], positions)
end
return 'ok'
