/**
 * Turns a JSON pointer from ajv (`/api_keys/1/weight`) into the path a YAML user reads: `api_keys[1].weight`.
 */
export function formatKeyPath(instancePath: string, extra?: string): string {
  const segments = instancePath.split('/').slice(1);
  if (extra !== undefined) segments.push(extra);
  let result = '';
  for (const segment of segments) {
    const name = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    result += /^\d+$/.test(name) ? `[${name}]` : result === '' ? name : `.${name}`;
  }
  return result;
}
