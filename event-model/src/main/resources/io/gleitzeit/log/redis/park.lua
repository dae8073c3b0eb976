-- Parks entries of one workflow that failed too often, or holds them behind an earlier parked one
-- (docs/events.md, "Consumer groups, dead letters, retention").
-- KEYS: 1 the stream, 2 its scope's dead-letter stream, 3 its scope's parked hash, 4 the workflow's held stream
-- ARGV: 1 mode: 'park' (park, or hold when the workflow is already parked) or 'hold' (hold only if parked),
--       2 group, 3 consumer, 4 parked field ('' for entries without a workflow: never marked, never held),
--       5 parked-at millis, 6.. triples per entry in stream order: entry id, deliveries, reason
-- Returns per entry: 'parked:<dead-letter id>', 'held', 'not-parked' (hold mode, workflow not parked: untouched)
-- or 'gone' (no longer pending for this consumer: another consumer claimed it, or it was acknowledged).
local out = {}
for i = 6, #ARGV, 3 do
  local id = ARGV[i]
  local pending = redis.call('XPENDING', KEYS[1], ARGV[2], id, id, 1)
  if #pending == 0 or pending[1][2] ~= ARGV[3] then
    out[#out + 1] = 'gone'
  else
    local found = redis.call('XRANGE', KEYS[1], id, id)
    if #found == 0 then
      -- Trimmed while pending: nothing left to park.
      redis.call('XACK', KEYS[1], ARGV[2], id)
      out[#out + 1] = 'gone'
    else
      local fields = found[1][2]
      local parked = ARGV[4] ~= '' and redis.call('HEXISTS', KEYS[3], ARGV[4]) == 1
      if parked then
        redis.call('XADD', KEYS[4], '*', unpack(fields))
        redis.call('XACK', KEYS[1], ARGV[2], id)
        out[#out + 1] = 'held'
      elseif ARGV[1] == 'hold' then
        out[#out + 1] = 'not-parked'
      else
        local letter = {'stream', KEYS[1], 'entry_id', id, 'group', ARGV[2], 'consumer', ARGV[3],
                        'deliveries', ARGV[i + 1], 'reason', ARGV[i + 2], 'parked_at', ARGV[5]}
        for j = 1, #fields, 2 do
          letter[#letter + 1] = 'f:' .. fields[j]
          letter[#letter + 1] = fields[j + 1]
        end
        local letterId = redis.call('XADD', KEYS[2], '*', unpack(letter))
        redis.call('XACK', KEYS[1], ARGV[2], id)
        if ARGV[4] ~= '' then
          redis.call('HSET', KEYS[3], ARGV[4], letterId)
        end
        out[#out + 1] = 'parked:' .. letterId
      end
    end
  end
end
return out
