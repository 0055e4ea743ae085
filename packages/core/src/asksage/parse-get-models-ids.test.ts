import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGetModelsIds } from './parse-get-models-ids';

function recordedBody(name: string): unknown {
  return (JSON.parse(readFileSync(join(__dirname, '../../../../fixtures/asksage', `${name}.json`), 'utf8')) as { response: { body: unknown } }).response.body;
}

describe('parseGetModelsIds', () => {
  it('reads the recorded default shape in AskSage order', () => {
    const ids = parseGetModelsIds(recordedBody('get-models-default'));
    expect(ids).toHaveLength(15);
    expect(ids.slice(0, 2)).toEqual(['aws-bedrock-claude-35-sonnet-gov', 'aws-bedrock-claude-37-sonnet-gov']);
    expect(ids).toContain('llma3');
  });

  it('reads the recorded bare array of full model objects', () => {
    expect(parseGetModelsIds(recordedBody('get-models-full-sample'))).toEqual(['aws-bedrock-claude-45-sonnet-gov', 'llma3', 'google-gemini-3-flash-com']);
  });

  it.each([
    [{ data: [{ id: 'a' }, { id: 'b' }, { id: 'a' }] }, ['a', 'b']],
    [['x', 'y', 'x'], ['x', 'y']],
    [{ response: [], status: 200 }, []],
    [{ response: [{ id: 'z' }], status: '200' }, ['z']],
  ])('reads %j', (body, ids) => {
    expect(parseGetModelsIds(body)).toEqual(ids);
  });

  it.each([
    [{ response: 'Token is invalid [2]', status: 400 }, 'upstream_authentication'],
    [{ response: 'get_models_ep: boom', status: 500 }, 'upstream_unavailable'],
    [{ response: 'OK', status: 200 }, 'upstream_bad_response'],
    ['<html></html>', 'upstream_bad_response'],
    [[{ name: 'no id' }], 'upstream_bad_response'],
    [null, 'upstream_bad_response'],
  ])('rejects %j with %s', (body, code) => {
    expect(() => parseGetModelsIds(body)).toThrow(expect.objectContaining({ code }));
  });
});
