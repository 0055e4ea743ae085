/**
 * Finds where a parsed JSON value nests deeper than `maxDepth`, without recursion (the value may be 100 000 levels
 * deep). Returns an OpenAI-style path to the field that holds the deep part (`tools[0].function.parameters`), '' for
 * the body itself, or undefined when the value is shallow enough. Deep values would later overflow the stack in
 * `JSON.stringify` when the request is sent upstream, turning a client mistake into a 500.
 */
export function findExcessiveNesting(value: unknown, maxDepth: number): string | undefined {
  const stack: Array<{ node: unknown; depth: number; path: string }> = [{ node: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop() as { node: unknown; depth: number; path: string };
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) return path;
    // Paths are spelled out only near the top, where they help a user find the field; below, the parent's is kept.
    const named = depth < pathDepth;
    if (Array.isArray(node)) {
      node.forEach((item, index) => stack.push({ node: item, depth: depth + 1, path: named ? `${path}[${index}]` : path }));
    } else {
      for (const [key, item] of Object.entries(node)) {
        stack.push({ node: item, depth: depth + 1, path: named ? (path === '' ? key : `${path}.${key}`) : path });
      }
    }
  }
  return undefined;
}

/** How many levels of a path are named in messages. */
const pathDepth = 4;
