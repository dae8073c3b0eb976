-- Moves due timers of one partition to its command stream, each exactly once (docs/events.md).
-- KEYS: 1 timers, 2 commands (one hash slot)
-- ARGV: 1 now (millis), 2 the most timers to fire
-- Returns the number fired. Cost: ZRANGEBYSCORE; when k timers are due, + 1 ZREM + k XADD.
-- Atomic, so concurrent pollers never fire a timer twice.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #due == 0 then
  return 0
end
-- Workflow ids are read before anything is written, so a malformed member cannot stop the script half-way; it is
-- fired with an empty workflow id and the command's reader rejects it.
local workflowIds = {}
for i, member in ipairs(due) do
  -- member: <kind>|<attempt>|<workflow id length>|<workflow id>|<task id>
  local workflowId = ''
  local kindEnd = string.find(member, '|', 1, true)
  local attemptEnd = kindEnd and string.find(member, '|', kindEnd + 1, true)
  local lengthEnd = attemptEnd and string.find(member, '|', attemptEnd + 1, true)
  local length = lengthEnd and tonumber(string.sub(member, attemptEnd + 1, lengthEnd - 1))
  if length then
    workflowId = string.sub(member, lengthEnd + 1, lengthEnd + length)
  end
  workflowIds[i] = workflowId
end
redis.call('ZREM', KEYS[1], unpack(due))
for i, member in ipairs(due) do
  redis.call('XADD', KEYS[2], '*', 'wf', workflowIds[i], 't', member)
end
return #due
