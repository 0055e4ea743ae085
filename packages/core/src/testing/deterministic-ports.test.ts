import { createInstantClock } from './instant-clock';
import { createManualClock } from './manual-clock';
import { createSeededRandom } from './seeded-random';
import { createSequenceIds } from './sequence-ids';

describe('createManualClock', () => {
  it('resolves sleeps only once time is advanced past their deadline, earliest first', async () => {
    const clock = createManualClock(1000);
    const woke: string[] = [];
    void clock.sleep(50).then(() => woke.push('50'));
    void clock.sleep(10).then(() => woke.push('10'));
    expect(clock.pendingSleeps()).toBe(2);
    clock.advance(9);
    await Promise.resolve();
    expect(woke).toEqual([]);
    clock.advance(41);
    await new Promise((resolve) => setImmediate(resolve));
    expect(woke).toEqual(['10', '50']);
    expect(clock.now()).toBe(1050);
    expect(clock.pendingSleeps()).toBe(0);
  });

  it('rejects a sleep with the signal reason when the signal fires first', async () => {
    const clock = createManualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort(new Error('client left'));
    await expect(sleeping).rejects.toThrow('client left');
    expect(clock.pendingSleeps()).toBe(0);
  });
});

describe('createInstantClock', () => {
  it('never waits but moves time by each sleep and records the schedule', async () => {
    const clock = createInstantClock(0);
    await clock.sleep(100);
    await clock.sleep(250);
    expect(clock.now()).toBe(350);
    expect(clock.sleeps).toEqual([100, 250]);
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(clock.sleep(5, controller.signal)).rejects.toThrow('gone');
  });
});

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed, in [0, 1), and differs across seeds', () => {
    const first = Array.from({ length: 5 }, ((random) => () => random.next())(createSeededRandom(42)));
    const again = Array.from({ length: 5 }, ((random) => () => random.next())(createSeededRandom(42)));
    const other = Array.from({ length: 5 }, ((random) => () => random.next())(createSeededRandom(7)));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });
});

describe('createSequenceIds', () => {
  it('counts per kind with OpenAI-like prefixes', () => {
    const ids = createSequenceIds();
    expect([ids.next('chatcmpl-'), ids.next('call_'), ids.next('chatcmpl-'), ids.next('req_')]).toEqual(['chatcmpl-1', 'call_1', 'chatcmpl-2', 'req_1']);
  });
});
