/** Prefix of Responses API response ids. */
export const responseIdPrefix = 'resp_';

/** Item id prefixes, as OpenAI uses them: messages, function calls, custom tool calls. */
export type ItemIdPrefix = 'msg' | 'fc' | 'ctc';

const itemIdPattern = /^(?:msg|fc|ctc)_(.+)_(\d+)$/;

/**
 * The id of the `index`th output item of a response: `msg_<response id body>_<index>`. Item ids carry their
 * response's id so an `item_reference` (the Vercel AI SDK sends them for every earlier output item while `store` is
 * on) resolves with one `ResponseStore.get`, whatever the store is, and ids stay unique without another generator call.
 */
export function createItemId(responseId: string, prefix: ItemIdPrefix, index: number): string {
  const body = responseId.startsWith(responseIdPrefix) ? responseId.slice(responseIdPrefix.length) : responseId;
  return `${prefix}_${body}_${index}`;
}

/** The response an item id made by `createItemId` belongs to, or undefined for other ids. */
export function responseIdOfItem(itemId: string): string | undefined {
  const match = itemIdPattern.exec(itemId);
  return match ? `${responseIdPrefix}${match[1]}` : undefined;
}
