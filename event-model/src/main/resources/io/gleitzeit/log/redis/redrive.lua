-- Puts a parked workflow's dead letter, then the entries held behind it, back on their stream in order, and
-- clears the mark (docs/events.md, "Consumer groups, dead letters, retention").
-- KEYS: 1 the stream, 2 its scope's dead-letter stream, 3 its scope's parked hash, 4 the workflow's held stream
-- ARGV: 1 parked field
-- Returns how many entries went back. The dead letter is deleted from the dead-letter stream; the EventParked
-- cluster event remains as the record.
local letterId = redis.call('HGET', KEYS[3], ARGV[1])
if not letterId then
  return 0
end
local count = 0
local letter = redis.call('XRANGE', KEYS[2], letterId, letterId)
if #letter == 1 then
  local fields = letter[1][2]
  local original = {}
  for j = 1, #fields, 2 do
    if string.sub(fields[j], 1, 2) == 'f:' then
      original[#original + 1] = string.sub(fields[j], 3)
      original[#original + 1] = fields[j + 1]
    end
  end
  redis.call('XADD', KEYS[1], '*', unpack(original))
  redis.call('XDEL', KEYS[2], letterId)
  count = 1
end
local held = redis.call('XRANGE', KEYS[4], '-', '+')
for _, entry in ipairs(held) do
  redis.call('XADD', KEYS[1], '*', unpack(entry[2]))
  count = count + 1
end
redis.call('DEL', KEYS[4])
redis.call('HDEL', KEYS[3], ARGV[1])
return count
