import type * as AdapterRedis from './index';
import type * as LoadIoredis from './load-ioredis';

// Issue 9, idle memory: the CLI imports this package whatever the config (for maskRedisUrl and redisUrlSecrets), so
// importing it must not load ioredis; only making a connection (or a --check ping) does.
describe('loadIoredis', () => {
  it('leaves ioredis unloaded until a client is needed', () => {
    jest.isolateModules(() => {
      let loads = 0;
      jest.doMock('ioredis', () => {
        loads += 1;
        return jest.requireActual('ioredis');
      });
      const adapter = jest.requireActual<typeof AdapterRedis>('./index');
      expect(adapter.maskRedisUrl('redis://:secret@cache:6379/0')).not.toContain('secret');
      expect(loads).toBe(0);
      const { loadIoredis } = jest.requireActual<typeof LoadIoredis>('./load-ioredis');
      expect(typeof loadIoredis()).toBe('function');
      expect(loads).toBe(1);
    });
  });
});
