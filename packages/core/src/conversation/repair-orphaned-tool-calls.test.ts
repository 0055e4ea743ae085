import type { Turn } from './conversation';
import { orphanedToolCallResult, repairOrphanedToolCalls } from './repair-orphaned-tool-calls';

const call = (id: string): Turn['parts'][number] => ({ type: 'tool-call', id, name: 'Bash', arguments: '{}' });
const result = (callId: string): Turn['parts'][number] => ({ type: 'tool-result', callId, content: 'ok' });
const synthetic = (callId: string) => ({ type: 'tool-result', callId, name: 'Bash', content: orphanedToolCallResult, isError: true });

describe('repairOrphanedToolCalls', () => {
  it('leaves answered calls alone', () => {
    const turns: Turn[] = [
      { role: 'assistant', parts: [call('a')] },
      { role: 'user', parts: [result('a')] },
    ];
    expect(repairOrphanedToolCalls(turns)).toEqual(turns);
  });

  it('puts a synthetic result first in the next user turn for each unanswered call', () => {
    const turns: Turn[] = [
      { role: 'assistant', parts: [call('a'), call('b')] },
      { role: 'user', parts: [result('b'), { type: 'text', text: 'go on' }] },
    ];
    expect(repairOrphanedToolCalls(turns)[1]?.parts).toEqual([synthetic('a'), result('b'), { type: 'text', text: 'go on' }]);
  });

  it('adds a user turn when the calls are last or followed by another assistant turn', () => {
    const trailing = repairOrphanedToolCalls([{ role: 'assistant', parts: [call('a')] }]);
    expect(trailing).toEqual([{ role: 'assistant', parts: [call('a')] }, { role: 'user', parts: [synthetic('a')] }]);
    const between = repairOrphanedToolCalls([{ role: 'assistant', parts: [call('a')] }, { role: 'assistant', parts: [{ type: 'text', text: 'x' }] }]);
    expect(between.map((turn) => turn.role)).toEqual(['assistant', 'user', 'assistant']);
  });

  it('ignores calls without ids (legacy function calls cannot be matched)', () => {
    const turns: Turn[] = [{ role: 'assistant', parts: [call('')] }];
    expect(repairOrphanedToolCalls(turns)).toEqual(turns);
  });
});
