/** `a < b` for two stream ids (`ms-seq`), compared as numbers. */
const OLDER = `
local function older(a, b)
  local am, as = string.match(a, '(%d+)-(%d+)')
  local bm, bs = string.match(b, '(%d+)-(%d+)')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end`;

/**
 * The Lua scripts every change of the shared world goes through. Each runs atomically in Redis,
 * so a check (the dataset's epoch, the sandbox cap) and the append it guards cannot be split by
 * another replica's write. Keys: KEYS[1] the log stream, KEYS[2] epoch per dataset (a dataset
 * exists while it has one), KEYS[3] next webhook id per dataset, KEYS[4] last use per sandbox,
 * KEYS[5] the snapshot (a hash: `id` the last entry it includes, `data` the world as JSON,
 * `floor` the oldest entry the log still has once it was trimmed, `world` the world's random id).
 */
export const SCRIPTS = {
  /**
   * Catching up: the entries after ARGV[1] (at most ARGV[2]), or RELOAD when the log no longer
   * has all of them (trimmed after a snapshot while this replica lagged): load the snapshot then.
   */
  worldRead: `${OLDER}
if redis.call('HGET', KEYS[5], 'world') ~= ARGV[3] then return redis.error_reply('LOST') end
local floor = redis.call('HGET', KEYS[5], 'floor')
if floor and older(ARGV[1], floor) then return redis.error_reply('RELOAD') end
return redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])`,
  /**
   * Stores a snapshot of the world as of entry ARGV[1] (ARGV[2], JSON), unless a newer one is
   * stored, and trims the log to the previous snapshot: a replica that lags by less than one
   * snapshot interval still finds its next entry. Logs a marker, so every replica counts its
   * next interval from here. Returns 1 if stored.
   */
  worldSnapshot: `${OLDER}
local cur = redis.call('HGET', KEYS[5], 'id')
if cur and not older(cur, ARGV[1]) then return 0 end
redis.call('HSET', KEYS[5], 'id', ARGV[1], 'data', ARGV[2])
if cur then
  redis.call('XTRIM', KEYS[1], 'MINID', cur)
  redis.call('HSET', KEYS[5], 'floor', cur)
end
redis.call('XADD', KEYS[1], '*', 'k', 'snapshot', 's', '', 'w', '')
return 1`,
  /**
   * The first replica to start on an empty Redis logs the shared dataset and names the world.
   * ARGV: payload, next id, a new world id. Returns the world's id.
   */
  worldInit: `
if redis.call('HSETNX', KEYS[2], 'shared', 1) == 1 then
  redis.call('HSET', KEYS[3], 'shared', ARGV[2])
  redis.call('HSET', KEYS[5], 'world', ARGV[3])
  redis.call('XADD', KEYS[1], '*', 'k', 'replace', 's', 'shared', 'w', '', 'e', '1', 'd', ARGV[1])
end
return redis.call('HGET', KEYS[5], 'world')`,
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
