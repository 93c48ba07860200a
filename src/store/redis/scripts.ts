/**
 * The Lua scripts every change of the shared world goes through. Each runs atomically in Redis,
 * so a check (the dataset's epoch, the sandbox cap) and the append it guards cannot be split by
 * another replica's write. Keys: KEYS[1] the log stream, KEYS[2] epoch per dataset (a dataset
 * exists while it has one), KEYS[3] next webhook id per dataset, KEYS[4] last use per sandbox.
 */
export const SCRIPTS = {
  /** The first replica to start on an empty Redis logs the shared dataset. ARGV: payload, next id. */
  worldInit: `
if redis.call('HSETNX', KEYS[2], 'shared', 1) == 1 then
  redis.call('HSET', KEYS[3], 'shared', ARGV[2])
  redis.call('XADD', KEYS[1], '*', 'k', 'replace', 's', 'shared', 'w', '', 'e', '1', 'd', ARGV[1])
end
return 1`,
  /**
   * A webhook create or update, valid only if the dataset is still the one it was validated
   * against (same epoch). A create takes its id from the dataset's sequence.
   * ARGV: dataset, expected epoch, kind, payload, writer. Returns the entry id and the webhook id.
   */
  worldWrite: `
local e = redis.call('HGET', KEYS[2], ARGV[1])
if not e then return redis.error_reply('GONE') end
if e ~= ARGV[2] then return redis.error_reply('STALE') end
local id = '0'
if ARGV[3] == 'create' then id = tostring(redis.call('HINCRBY', KEYS[3], ARGV[1], 1) - 1) end
local x = redis.call('XADD', KEYS[1], '*', 'k', ARGV[3], 's', ARGV[1], 'w', ARGV[5], 'i', id, 'd', ARGV[4])
return {x, id}`,
  /** A reset or an import: a new epoch and id sequence. ARGV: dataset, payload, next id, writer. */
  worldReplace: `
if not redis.call('HGET', KEYS[2], ARGV[1]) then return redis.error_reply('GONE') end
local e = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
return redis.call('XADD', KEYS[1], '*', 'k', 'replace', 's', ARGV[1], 'w', ARGV[4], 'e', tostring(e), 'd', ARGV[2])`,
  /** A new sandbox, unless the cap is reached. ARGV: id, payload, next id, writer, cap, now. */
  sandboxCreate: `
if redis.call('HLEN', KEYS[4]) >= tonumber(ARGV[5]) then return redis.error_reply('FULL') end
if redis.call('HSETNX', KEYS[2], ARGV[1], 1) == 0 then return redis.error_reply('EXISTS') end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[6])
return redis.call('XADD', KEYS[1], '*', 'k', 'sandbox', 's', ARGV[1], 'w', ARGV[4], 'e', '1', 'd', ARGV[2])`,
  /** Deletes a sandbox. ARGV: id, writer. */
  sandboxDrop: `
if redis.call('HEXISTS', KEYS[4], ARGV[1]) == 0 then return redis.error_reply('GONE') end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return redis.call('XADD', KEYS[1], '*', 'k', 'drop', 's', ARGV[1], 'w', ARGV[2])`,
  /** Records uses of live sandboxes. ARGV: pairs of id and time. */
  sandboxTouch: `
for i = 1, #ARGV, 2 do
  local old = redis.call('HGET', KEYS[4], ARGV[i])
  if old and tonumber(old) < tonumber(ARGV[i + 1]) then redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1]) end
end
return redis.call('HGETALL', KEYS[4])`,
  /**
   * Expires idle sandboxes: whichever replica runs it first logs the drop, so exactly one does.
   * ARGV: now, idle ttl, batch. Returns how many were dropped.
   */
  sandboxExpire: `
local all = redis.call('HGETALL', KEYS[4])
local n = 0
for i = 1, #all, 2 do
  if n >= tonumber(ARGV[3]) then break end
  if tonumber(ARGV[1]) - tonumber(all[i + 1]) > tonumber(ARGV[2]) then
    redis.call('HDEL', KEYS[2], all[i])
    redis.call('HDEL', KEYS[3], all[i])
    redis.call('HDEL', KEYS[4], all[i])
    redis.call('XADD', KEYS[1], '*', 'k', 'drop', 's', all[i], 'w', '')
    n = n + 1
  end
end
return n`,
} as const;

export type ScriptName = keyof typeof SCRIPTS;
