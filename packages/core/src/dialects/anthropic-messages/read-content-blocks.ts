import type { ContentPart } from '../../conversation/conversation';
import { ProxyError } from '../../errors/proxy-error';
import { describeSearchBlock } from './describe-search-blocks';

type Block = Record<string, unknown>;

function invalid(message: string, param: string): ProxyError {
  return new ProxyError('invalid_request', message, { param });
}

function readString(block: Block, field: string, path: string): string {
  const value = block[field];
  if (typeof value !== 'string') throw invalid(`${path}.${field} must be a string.`, `${path}.${field}`);
  return value;
}

/** An image block -> an image part; the gateway decides whether AskSage can take it (the same error as chat). */
function readImage(block: Block, path: string): ContentPart {
  const source = (block.source ?? {}) as Record<string, unknown>;
  if (source.type === 'base64') {
    return { type: 'image', mediaType: typeof source.media_type === 'string' ? source.media_type : undefined, data: String(source.data ?? ''), source: path };
  }
  if (source.type === 'url') return { type: 'image', url: String(source.url ?? ''), source: path };
  throw invalid(`${path}.source.type must be "base64" or "url".`, `${path}.source.type`);
}

/** A file id: there is no Files API behind AskSage, so nothing can resolve it. */
function noFilesApi(path: string): ProxyError {
  return new ProxyError(
    'unsupported_content',
    `${path} refers to an uploaded file (source.type "file"), but there is no Files API behind AskSage to resolve it. Send the file inline (source.type "base64") or by URL.`,
    { param: `${path}.source.type` },
  );
}

/**
 * A document block: plain-text sources are text; a PDF (`base64` or `url` source) becomes a document part, attached
 * to the AskSage query as a file (AskSage extracts its text). The `title` names the file.
 */
function readDocument(block: Block, path: string): ContentPart[] {
  const source = (block.source ?? {}) as Record<string, unknown>;
  const hasTitle = typeof block.title === 'string' && block.title !== '';
  const title = hasTitle ? `[document: ${String(block.title)}]\n` : '';
  const filename = hasTitle ? { filename: String(block.title) } : {};
  if (source.type === 'text' && typeof source.data === 'string') return [{ type: 'text', text: `${title}${source.data}` }];
  if (source.type === 'content') {
    const inner = readToolResultContent(source.content, `${path}.source.content`);
    return [{ type: 'text', text: `${title}${inner.text}` }, ...inner.attachments];
  }
  if (source.type === 'base64') {
    const mediaType = typeof source.media_type === 'string' ? { mediaType: source.media_type } : {};
    return [{ type: 'document', ...mediaType, data: String(source.data ?? ''), ...filename, source: path }];
  }
  if (source.type === 'url') return [{ type: 'document', url: String(source.url ?? ''), ...filename, source: path }];
  if (source.type === 'file') throw noFilesApi(path);
  throw new ProxyError(
    'unsupported_content',
    `${path} is a document with a ${JSON.stringify(source.type)} source; the proxy sends documents with a "text", "content", "base64" (PDF) or "url" (PDF) source.`,
    { param: `${path}.source.type` },
  );
}

/**
 * The text of a `tool_result`'s content (a string or blocks); images and documents in it come back separately. Claude Code's
 * ToolSearch answers with `tool_reference` blocks (the `advanced-tool-use` beta it sends), which become a line naming
 * the tool.
 */
function readToolResultContent(content: unknown, path: string): { text: string; attachments: ContentPart[] } {
  if (content === undefined || content === null) return { text: '', attachments: [] };
  if (typeof content === 'string') return { text: content, attachments: [] };
  if (!Array.isArray(content)) throw invalid(`${path} must be a string or an array of content blocks.`, path);
  const texts: string[] = [];
  const attachments: ContentPart[] = [];
  content.forEach((entry: unknown, index) => {
    const blockPath = `${path}[${index}]`;
    const block = (entry ?? {}) as Block;
    if (block.type === 'text') texts.push(readString(block, 'text', blockPath));
    else if (block.type === 'image') attachments.push(readImage(block, blockPath));
    else if (block.type === 'document') {
      for (const part of readDocument(block, blockPath)) {
        if (part.type === 'text') texts.push(part.text);
        else attachments.push(part);
      }
    }
    else if (block.type === 'tool_reference') texts.push(`[tool loaded: ${String(block.tool_name ?? '')}]`);
    else if (typeof block.text === 'string') texts.push(block.text);
    // A tool's output is data for the model: an unfamiliar block goes as its JSON rather than failing the request.
    else texts.push(JSON.stringify(block));
  });
  return { text: texts.join('\n'), attachments };
}

function readToolUse(block: Block, path: string): ContentPart {
  const id = readString(block, 'id', path);
  const name = readString(block, 'name', path);
  const input = block.input ?? {};
  return { type: 'tool-call', id, name, arguments: typeof input === 'string' ? input : JSON.stringify(input) };
}

function readToolResult(block: Block, path: string): ContentPart[] {
  const callId = readString(block, 'tool_use_id', path);
  // Images and documents in a tool result (Claude Code's Read of a PDF) follow it as parts of the same turn, so their
  // markers sit right after the result's text and their bytes travel as files.
  const { text, attachments } = readToolResultContent(block.content, `${path}.content`);
  return [{ type: 'tool-result', callId, content: text, ...(block.is_error === true ? { isError: true } : {}) }, ...attachments];
}

/**
 * One message's content -> neutral parts. Thinking and redacted thinking are dropped: AskSage cannot take them back
 * and this proxy never produces them. Unknown block types with a `text` are kept as text (newer clients add block
 * kinds faster than proxies learn them), search blocks are described in text (`describeSearchBlock`); anything else
 * is a clear `unsupported_content`, never a silent drop.
 */
export function readContentBlocks(content: unknown, path: string, role: 'user' | 'assistant'): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalid(`${path} must be a string or an array of content blocks.`, path);
  return content.flatMap((entry: unknown, index): ContentPart[] => {
    const blockPath = `${path}[${index}]`;
    if (!entry || typeof entry !== 'object') throw invalid(`${blockPath} must be a content block object.`, blockPath);
    const block = entry as Block;
    switch (block.type) {
      case 'text':
        return [{ type: 'text', text: readString(block, 'text', blockPath) }];
      case 'image':
        return [readImage(block, blockPath)];
      case 'document':
        return readDocument(block, blockPath);
      case 'thinking':
      case 'redacted_thinking':
        return [];
      case 'tool_use':
        if (role !== 'assistant') throw invalid(`${blockPath} is a tool_use block in a ${role} message; tool_use belongs in assistant messages.`, `${blockPath}.type`);
        return [readToolUse(block, blockPath)];
      case 'tool_result':
        if (role !== 'user') throw invalid(`${blockPath} is a tool_result block in an assistant message; tool_result belongs in user messages.`, `${blockPath}.type`);
        return readToolResult(block, blockPath);
      default: {
        const described = describeSearchBlock(block);
        if (described !== undefined) return [{ type: 'text', text: described }];
        if (typeof block.text === 'string') return [{ type: 'text', text: block.text }];
        throw new ProxyError(
          'unsupported_content',
          `${blockPath} has type ${JSON.stringify(block.type)}, which the proxy cannot send to AskSage; use text, image, document, tool_use or tool_result blocks.`,
          { param: `${blockPath}.type` },
        );
      }
    }
  });
}

/** `system` (a string or text blocks; `cache_control` ignored) -> its texts. */
export function readSystemTexts(system: unknown, path: string): string[] {
  if (system === undefined || system === null) return [];
  if (typeof system === 'string') return system === '' ? [] : [system];
  if (!Array.isArray(system)) throw invalid(`${path} must be a string or an array of text blocks.`, path);
  return system.map((entry: unknown, index) => {
    const block = (entry ?? {}) as Block;
    if (block.type !== 'text') throw invalid(`${path}[${index}].type must be "text"; system blocks carry text only.`, `${path}[${index}].type`);
    return readString(block, 'text', `${path}[${index}]`);
  }).filter((text) => text !== '');
}
