-- Trims a stream below what every consumer group is done with (docs/events.md, "Consumer groups, dead letters,
-- retention"). Never MAXLEN: a blind length cap can drop entries still pending or not yet delivered.
-- KEYS: 1 the stream
-- Returns {<MINID used, or '' when nothing may be trimmed>, <entries removed>}.
-- Per group the bound is its oldest pending entry, or, when nothing is pending, the entry after its last-delivered
-- id (entries after it were never delivered to it). The stream is trimmed below the smallest bound; a stream
-- without groups is left alone. Atomic, so no group moves between reading the bounds and trimming.
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function below(a, b)
  local am, as = parse(a)
  local bm, bs = parse(b)
  return am < bm or (am == bm and as < bs)
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'', 0}
end
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
if #groups == 0 then
  return {'', 0}
end
local minId
for _, group in ipairs(groups) do
  local info = {}
  for i = 1, #group, 2 do
    info[group[i]] = group[i + 1]
  end
  local bound
  if info['pending'] > 0 then
    bound = redis.call('XPENDING', KEYS[1], info['name'])[2]
  else
    local ms, seq = parse(info['last-delivered-id'])
    bound = string.format('%d-%d', ms, seq + 1)
  end
  if not minId or below(bound, minId) then
    minId = bound
  end
end
local removed = redis.call('XTRIM', KEYS[1], 'MINID', minId)
return {minId, removed}
