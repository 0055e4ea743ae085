import { createCryptoIdGenerator } from './create-crypto-id-generator';
import { createGptTokenCounter } from './create-gpt-token-counter';
import { createSystemClock } from './create-system-clock';

describe('createCryptoIdGenerator', () => {
  it('makes OpenAI- and Anthropic-shaped ids: the prefix as given and 24 base62 characters, unique across batches', () => {
    const ids = createCryptoIdGenerator(64);
    expect(ids.next('chatcmpl-')).toMatch(/^chatcmpl-[0-9A-Za-z]{24}$/);
    expect(ids.next('call_')).toMatch(/^call_[0-9A-Za-z]{24}$/);
    expect(ids.next('req_')).toMatch(/^req_[0-9A-Za-z]{24}$/);
    expect(ids.next('toolu_')).toMatch(/^toolu_[0-9A-Za-z]{24}$/);
    const seen = new Set(Array.from({ length: 500 }, () => ids.next('chatcmpl-')));
    expect(seen.size).toBe(500);
  });
});

describe('createSystemClock', () => {
  it('rejects a sleep with the signal reason when the signal fires', async () => {
    const controller = new AbortController();
    const sleeping = createSystemClock().sleep(60_000, controller.signal);
    controller.abort(new Error('client went away'));
    await expect(sleeping).rejects.toThrow('client went away');
  });

  it('rejects at once when the signal already fired, and resolves a zero sleep', async () => {
    const clock = createSystemClock();
    await expect(clock.sleep(10, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    await expect(clock.sleep(0)).resolves.toBeUndefined();
  });
});

describe('createGptTokenCounter', () => {
  it('counts tokens offline', () => {
    const counter = createGptTokenCounter();
    expect(counter.count('')).toBe(0);
    expect(counter.count('Hello, world!')).toBeGreaterThan(1);
  });
});
