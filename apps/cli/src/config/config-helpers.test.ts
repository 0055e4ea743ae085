import { isLoopbackName } from '@asksage-proxy/adapter-http';
import { formatKeyPath } from './format-key-path';
import { maskSecret } from './mask-secret';
import { suggestConfigKey } from './suggest-config-key';
import { configKeys } from './config-file-values';

it('masks keys as abcd…wxyz and short secrets entirely', () => {
  expect(maskSecret('abcdefghijklmnopqrstuvwxyz')).toBe('abcd…wxyz');
  expect(maskSecret('tiny-secret')).toBe('****');
});

it('suggests the intended key for typos and nothing for unrelated words', () => {
  expect(suggestConfigKey('prot', configKeys)).toBe('port');
  expect(suggestConfigKey('api_kyes', configKeys)).toBe('api_keys');
  expect(suggestConfigKey('cert', configKeys)).toBe('cert_path');
  expect(suggestConfigKey('hots', configKeys)).toBe('host');
  expect(suggestConfigKey('banana_split', configKeys)).toBeUndefined();
});

it('turns JSON pointers into YAML key paths', () => {
  expect(formatKeyPath('/api_keys/1/weight')).toBe('api_keys[1].weight');
  expect(formatKeyPath('/api_keys/0', 'key')).toBe('api_keys[0].key');
});

it('tells loopback addresses from exposed ones', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackName(host)).toBe(true);
  for (const host of ['0.0.0.0', '::', '192.168.1.5', 'myhost.example']) expect(isLoopbackName(host)).toBe(false);
});
