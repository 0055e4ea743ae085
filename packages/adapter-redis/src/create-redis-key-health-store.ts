import { randomUUID } from 'node:crypto';
import type { Clock, KeyHealth, KeyHealthStore, KeyOutage, KeyProbeLease } from '@asksage-proxy/core';
import { decodeKeyHealth } from './decode-key-health';
import type { RedisConnection } from './create-redis-connection';
import { applyKeyHealthChange } from './key-health-change';
import type { KeyHealthChange } from './key-health-change';
import { keyHealthScripts, scriptArguments } from './key-health-scripts';
import { LocalKeyHealthView } from './local-key-health-view';

/** Settings of `createRedisKeyHealthStore`. */
export interface RedisKeyHealthStoreSettings {
  /** The shared connection (`createRedisConnection`). */
  connection: RedisConnection;
  /** Only for resynchronising after an outage (which local outages are still running). */
  clock: Clock;
  /**
   * How long a probe lease reserved in the background (a claim answered "not now") is held in Redis for this
   * replica before it lapses unused; default 5 000 ms. Short, so a reservation the pool never comes back for does
   * not keep every replica from probing the key.
   */
  reservationMs?: number;
}

/** A `KeyHealthStore` shared through Redis, with the two waits tests and shutdown need. */
export interface RedisKeyHealthStore extends KeyHealthStore {
  /** Resolves once every change sent so far was answered by Redis (or failed and was kept locally). */
  flush(): Promise<void>;
  /**
   * Resolves once every change sent so far was answered and every message published before this call was delivered
   * to this store (a marker round trip through the channel). Returns at once while Redis is away.
   */
  sync(): Promise<void>;
}

type ScriptCommand = (key: string, ...args: string[]) => Promise<unknown>;
const replayable = (change: KeyHealthChange): boolean => change.op !== 'claimProbe' && change.op !== 'extendProbe';
/** Changes kept for the replay while Redis is away, at most (the running outages are written back besides). */
const maxUnsent = 1_000;

/**
 * The `KeyHealthStore` port over Redis: every replica keeps a local view (picks stay synchronous), applies its own
 * changes there first, runs the same change atomically in Redis (one Lua script per method, which bumps the key's
 * version and publishes the new state), and takes the other replicas' changes from the channel as they happen. A
 * probe claim cannot be decided synchronously, so it answers "not now" and reserves the lease in the background; the
 * pool's next claim takes the reservation. Success reports that change nothing send nothing: the happy path costs no
 * Redis round trip. While Redis is away the view is this replica's own truth; changes are kept and replayed, running
 * invalid and cooldown outages are written back, and every key is reloaded when Redis returns.
 */
export function createRedisKeyHealthStore(settings: RedisKeyHealthStoreSettings): RedisKeyHealthStore {
  const { connection, clock } = settings;
  const reservationMs = settings.reservationMs ?? 5_000;
  const prefix = `${connection.namespace}:key-health:`;
  const channel = `${connection.namespace}:key-health`;
  const origin = randomUUID();
  const view = new LocalKeyHealthView();
  const inFlight = new Set<Promise<unknown>>();
  const syncWaiters = new Map<string, () => void>();
  const unsent: Array<{ name: string; change: KeyHealthChange }> = [];
  let sequence = 0;
  let resyncing: Promise<void> | undefined;

  const scripts = connection.commands as unknown as Record<string, ScriptCommand>;
  for (const [op, lua] of Object.entries(keyHealthScripts)) {
    if (typeof scripts[`keyHealth_${op}`] !== 'function') connection.commands.defineCommand(`keyHealth_${op}`, { numberOfKeys: 1, lua });
  }

  function track<Value>(promise: Promise<Value>): Promise<Value> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** Runs the change's script; resolves with the method's answer from Redis (rejects when Redis is away). */
  function runScript(name: string, change: KeyHealthChange, seq: number): Promise<number> {
    const command = scripts[`keyHealth_${change.op}`] as ScriptCommand;
    return track(
      command.call(connection.commands, `${prefix}${name}`, channel, name, origin, String(seq), ...scriptArguments(change)).then((reply) => {
        const [result, ...fields] = reply as [number, ...string[]];
        view.accept(name, decodeKeyHealth(fields), seq);
        return result;
      }),
    );
  }

  /** Keeps a change Redis missed for the resync; a long outage keeps the latest ones (outages are written back anyway). */
  function keepUnsent(name: string, missed: KeyHealthChange): void {
    if (!replayable(missed)) return;
    unsent.push({ name, change: missed });
    if (unsent.length > maxUnsent) unsent.splice(0, unsent.length - maxUnsent);
  }

  /** Shows the change at once and writes it through; while Redis is away, keeps it for the resync. */
  function change(name: string, next: KeyHealthChange): void {
    if (!connection.isConnected()) {
      view.applyLocally(name, next);
      keepUnsent(name, next);
      return;
    }
    sequence += 1;
    const seq = sequence;
    view.addPending(name, seq, next);
    runScript(name, next, seq).catch(() => {
      const failed = view.failPending(name, seq);
      if (failed !== undefined) keepUnsent(name, failed);
    });
  }

  /** Applies the change to the view and to Redis; returns the method's answer as the view computes it. */
  function apply(name: string, next: KeyHealthChange): number | boolean {
    const { result } = applyKeyHealthChange(view.read(name), next);
    change(name, next);
    return result;
  }

  function onMessage(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    if (Array.isArray(parsed)) {
      const [name, from, seq, ...fields] = parsed as string[];
      if (typeof name !== 'string') return;
      view.accept(name, decodeKeyHealth(fields), from === origin ? Number(seq) : 0);
      return;
    }
    const token = (parsed as { sync?: unknown } | null)?.sync;
    if (typeof token === 'string') syncWaiters.get(token)?.();
  }

  async function loadEveryKey(): Promise<void> {
    const names = new Set(view.names());
    let cursor = '0';
    do {
      const [next, keys] = await connection.commands.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) names.add(key.slice(prefix.length));
    } while (cursor !== '0');
    const ordered = [...names];
    const replies = await Promise.all(ordered.map((name) => connection.commands.hmget(`${prefix}${name}`, 'v', 'k', 'u', 'f', 'r', 'ph', 'pu')));
    ordered.forEach((name, index) => view.accept(name, decodeKeyHealth(replies[index] ?? [])));
  }

  /** After (re)connecting: replay what Redis missed, write back running verdicts from AskSage, reload every key. */
  async function resync(): Promise<void> {
    const now = clock.now();
    const replay = unsent.splice(0);
    const writes: Array<Promise<unknown>> = replay.map(({ name, change: missed }) => runScript(name, missed, 0));
    for (const name of view.names()) {
      const outage = view.confirmed(name).outage;
      // Invalid marks and cooldowns are AskSage's verdicts and no success lifts them: a Redis that restarted empty
      // gets them back. An open circuit is this replica's judgement and may have been closed elsewhere meanwhile.
      if (outage !== undefined && outage.kind !== 'circuit_open' && now < outage.until) writes.push(runScript(name, { op: 'takeOut', outage, now }, 0));
    }
    await Promise.allSettled(writes);
    await loadEveryKey();
  }

  function startResync(): void {
    const run = (resyncing ?? Promise.resolve()).then(resync).catch(() => undefined);
    resyncing = run;
    void track(run);
  }

  connection.onLost(() => view.markStale());
  connection.onConnected(startResync);
  void connection.subscribe(channel, onMessage).then(() => {
    if (connection.isConnected()) startResync();
  });

  async function flush(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    read: (name: string): KeyHealth => view.read(name),
    addFailure: (name) => apply(name, { op: 'addFailure' }) as number,
    addRateLimit: (name) => apply(name, { op: 'addRateLimit' }) as number,

    recordSuccess(name: string): boolean {
      const health = view.read(name);
      // The common case (a healthy key answered) changes nothing: no Redis traffic on the happy path.
      if (health.consecutiveFailures === 0 && health.rateLimitStreak === 0 && health.outage?.kind !== 'circuit_open') return false;
      return apply(name, { op: 'recordSuccess' }) as boolean;
    },

    takeOut: (name: string, outage: KeyOutage, now: number) => apply(name, { op: 'takeOut', outage: { kind: outage.kind, until: outage.until }, now }) as boolean,

    claimProbe(name: string, lease: KeyProbeLease, now: number): boolean {
      const wanted: KeyProbeLease = { holder: lease.holder, until: lease.until };
      if (!connection.isConnected()) return apply(name, { op: 'claimProbe', lease: wanted, now }) as boolean;
      if (view.takeReservation(name, lease.holder, now)) {
        change(name, { op: 'extendProbe', lease: wanted, now });
        return true;
      }
      const health = view.read(name);
      if (health.probe !== undefined && now < health.probe.until) return false;
      if (!view.isReserving(name)) {
        const reserved: KeyProbeLease = { holder: lease.holder, until: Math.min(lease.until, now + reservationMs) };
        view.setReserving(name, reserved);
        runScript(name, { op: 'claimProbe', lease: reserved, now }, 0).then(
          (granted) => {
            if (granted === 1) view.setReservation(name, reserved);
            view.setReserving(name, undefined);
          },
          () => view.setReserving(name, undefined),
        );
      }
      return false;
    },

    releaseProbe(name: string, holder: string): boolean {
      if (view.read(name).probe?.holder !== holder) return false;
      return apply(name, { op: 'releaseProbe', holder }) as boolean;
    },

    restore(name: string, outage: KeyOutage): boolean {
      // The script decides in Redis (a newer verdict may be on its way here); the view answers for this replica now.
      return apply(name, { op: 'restore', outage: { kind: outage.kind, until: outage.until } }) as boolean;
    },

    flush,

    async sync(): Promise<void> {
      await flush();
      if (!connection.isConnected()) return;
      sequence += 1;
      const token = `${origin}:${sequence}`;
      let timer: NodeJS.Timeout | undefined;
      // Bounded: if Redis goes away before the marker comes back, nothing more will be delivered anyway.
      const delivered = new Promise<void>((resolve) => {
        syncWaiters.set(token, resolve);
        timer = setTimeout(resolve, 2_000);
      });
      try {
        await connection.commands.publish(channel, JSON.stringify({ sync: token }));
        await delivered;
      } catch {
        // Redis went away meanwhile.
      } finally {
        clearTimeout(timer);
        syncWaiters.delete(token);
      }
    },
  };
}
