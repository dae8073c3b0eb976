-- Appends one commit of a workflow atomically (docs/events.md, "Stream and key layout").
-- KEYS: 1 workflow stream, 2 partition event stream, 3 timers, 4 waiting, 5 workflows (one hash slot)
-- ARGV: 1 expected version, 2 commit id (<expected+1>-0), 3 first version, 4 event count, 5 events (JSON array),
--       6 workflow id, 7 decision time (millis), 8 ready-queue change (U unchanged, W waiting, N not waiting),
--       9.. timer changes as triples: S (schedule) or C (cancel), due millis, member
-- Returns {'ok', <event stream entry id>}, {'repeated', <event stream entry id>} or {'conflict', <actual version>}.
--
-- The XADD with the explicit id <expected+1>-0 is the version check: Redis refuses an id not above the stream's
-- top, so a concurrent commit makes it fail. NOMKSTREAM makes a missing stream a conflict when one is expected.
-- A repeat of a commit that already landed (the client sent it again after a lost reply, during a failover or a
-- restart) finds its own commit at that id, byte for byte, and is answered 'repeated' with the original's position
-- when that is among the partition's last 256 commits: the append is idempotent, nothing is written twice.
-- Cost when it succeeds: 2 XADD, +1 ZADD/ZREM per timer or queue change, +1 ZADD for a new workflow.
local added
if ARGV[1] == '0' then
  added = redis.pcall('XADD', KEYS[1], ARGV[2], 'n', ARGV[4], 'e', ARGV[5])
else
  added = redis.pcall('XADD', KEYS[1], 'NOMKSTREAM', ARGV[2], 'n', ARGV[4], 'e', ARGV[5])
end
if type(added) == 'table' and added.err then
  if not string.find(added.err, 'equal or smaller', 1, true) then
    return added
  end
  added = false
end
if not added then
  local same = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
  if #same == 1 then
    local fields = same[1][2]
    for i = 1, #fields, 2 do
      if fields[i] == 'e' and fields[i + 1] == ARGV[5] then
        -- Partition entries carry wf, v, n, e in that order.
        for _, entry in ipairs(redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 256)) do
          if entry[2][2] == ARGV[6] and entry[2][4] == ARGV[3] then
            return {'repeated', entry[1]}
          end
        end
      end
    end
  end
  -- Only on this failure path: read the version the stream is at, for the caller's error.
  local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
  local actual = 0
  if #top > 0 then
    local fields = top[1][2]
    local count = 1
    for i = 1, #fields, 2 do
      if fields[i] == 'n' then count = tonumber(fields[i + 1]) end
    end
    actual = tonumber(string.match(top[1][1], '^(%d+)')) + count - 1
  end
  return {'conflict', string.format('%d', actual)}
end
local position = redis.call('XADD', KEYS[2], '*', 'wf', ARGV[6], 'v', ARGV[3], 'n', ARGV[4], 'e', ARGV[5])
for i = 9, #ARGV, 3 do
  if ARGV[i] == 'S' then
    redis.call('ZADD', KEYS[3], ARGV[i + 1], ARGV[i + 2])
  else
    redis.call('ZREM', KEYS[3], ARGV[i + 2])
  end
end
if ARGV[8] == 'W' then
  redis.call('ZADD', KEYS[4], 'NX', ARGV[7], ARGV[6])
elseif ARGV[8] == 'N' then
  redis.call('ZREM', KEYS[4], ARGV[6])
end
if ARGV[1] == '0' then
  redis.call('ZADD', KEYS[5], ARGV[7], ARGV[6])
end
return {'ok', position}
