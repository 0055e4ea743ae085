import type { KeyHealthChange } from './key-health-change';

// Every script: KEYS[1] = the key's hash; ARGV[1] = channel, ARGV[2] = key name, ARGV[3] = origin (the store
// instance), ARGV[4] = its change sequence number, ARGV[5..] = the change's arguments. Fields of the hash: v (version,
// +1 per change), k/u (outage kind/until), f/r (failure and rate-limit streaks), ph/pu (probe holder/until). Times stay
// the decimal strings the caller sent, compared with tonumber, so no float formatting can shift them.
const prelude = `
local key = KEYS[1]
local h = redis.call('HMGET', key, 'v', 'k', 'u', 'f', 'r', 'ph', 'pu')
local s = { v = tonumber(h[1]) or 0, k = h[2], u = h[3], f = tonumber(h[4]) or 0, r = tonumber(h[5]) or 0, ph = h[6], pu = h[7] }
local result = 0
local changed = false
`;

// A change bumps the version, rewrites the hash and tells every replica (the local views apply newer versions only).
const epilogue = `
if changed then
  s.v = s.v + 1
  local fields = { 'v', s.v, 'f', s.f, 'r', s.r }
  if s.k then fields[#fields + 1] = 'k'; fields[#fields + 1] = s.k; fields[#fields + 1] = 'u'; fields[#fields + 1] = s.u end
  if s.ph then fields[#fields + 1] = 'ph'; fields[#fields + 1] = s.ph; fields[#fields + 1] = 'pu'; fields[#fields + 1] = s.pu end
  redis.call('DEL', key)
  redis.call('HSET', key, unpack(fields))
end
local state = { tostring(s.v), s.k or '', s.u or '', tostring(s.f), tostring(s.r), s.ph or '', s.pu or '' }
if changed then
  redis.call('PUBLISH', ARGV[1], cjson.encode({ ARGV[2], ARGV[3], ARGV[4], state[1], state[2], state[3], state[4], state[5], state[6], state[7] }))
end
return { result, state[1], state[2], state[3], state[4], state[5], state[6], state[7] }
`;

const probeHeld = `local held = s.ph and tonumber(ARGV[7]) < tonumber(s.pu)`;
const setProbe = `s.ph = ARGV[5]; s.pu = ARGV[6]; changed = true; result = 1`;

const bodies: Record<KeyHealthChange['op'], string> = {
  addFailure: `s.f = s.f + 1; changed = true; result = s.f`,
  addRateLimit: `s.r = s.r + 1; changed = true; result = s.r`,
  recordSuccess: `
local closes = s.k == 'circuit_open'
if s.f ~= 0 or s.r ~= 0 or closes then changed = true end
s.f = 0; s.r = 0
if closes then s.k = false; s.u = false; s.ph = false; s.pu = false; result = 1 end`,
  takeOut: `
local now = tonumber(ARGV[7])
if (not s.k) or now >= tonumber(s.u) or ARGV[5] == 'invalid' or (s.k ~= 'invalid' and tonumber(ARGV[6]) >= tonumber(s.u)) then
  s.k = ARGV[5]; s.u = ARGV[6]; changed = true; result = 1
end`,
  claimProbe: `${probeHeld}
if not held then ${setProbe} end`,
  extendProbe: `${probeHeld}
if (not held) or s.ph == ARGV[5] then ${setProbe} end`,
  releaseProbe: `
if s.ph == ARGV[5] then s.ph = false; s.pu = false; changed = true; result = 1 end`,
  // Only the verdict the recheck checked: a newer one written meanwhile (another kind or until) stays.
  restore: `
if s.k and s.k == ARGV[5] and tonumber(s.u) == tonumber(ARGV[6]) then s.k = false; s.u = false; changed = true; result = 1 end`,
};

/** The Lua source of each change, one script per `KeyHealthStore` method (atomic in Redis). */
export const keyHealthScripts: Record<KeyHealthChange['op'], string> = Object.fromEntries(
  Object.entries(bodies).map(([op, body]) => [op, `${prelude}${body}${epilogue}`]),
) as Record<KeyHealthChange['op'], string>;

/** The script arguments after the common four (ARGV[5..]). */
export function scriptArguments(change: KeyHealthChange): string[] {
  switch (change.op) {
    case 'takeOut':
      return [change.outage.kind, String(change.outage.until), String(change.now)];
    case 'claimProbe':
    case 'extendProbe':
      return [change.lease.holder, String(change.lease.until), String(change.now)];
    case 'releaseProbe':
      return [change.holder];
    case 'restore':
      return [change.outage.kind, String(change.outage.until)];
    default:
      return [];
  }
}
