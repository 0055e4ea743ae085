import type { DocumentPart } from '../conversation/conversation';

const longestName = 100;

function sanitise(filename: string): string {
  // Keep the last path segment only, and characters safe in a multipart header and on any file system.
  const base = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._() -]/g, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const stem = cleaned.replace(/\.pdf$/i, '').slice(0, longestName - 4).trim();
  return stem === '' || /^_*$/.test(stem) ? '' : `${stem}.pdf`;
}

/**
 * The file name of every document, in order: the client's name (OpenAI `filename`, Anthropic `title`) sanitised and
 * ending in `.pdf`, else `document-N.pdf`. A name an earlier document already took becomes `document-N.pdf`, so each
 * `[document N: …]` marker names one file in AskSage's `<file-content>` blocks. The AskSage query builder (markers)
 * and `resolveAttachmentFiles` (files) both call this, so the two always agree.
 */
export function nameDocumentFiles(parts: readonly DocumentPart[]): string[] {
  const taken = new Set<string>();
  return parts.map((part, index) => {
    const fallback = `document-${index + 1}.pdf`;
    const wanted = part.filename === undefined ? '' : sanitise(part.filename);
    const name = wanted === '' || taken.has(wanted.toLowerCase()) ? fallback : wanted;
    taken.add(name.toLowerCase());
    return name;
  });
}
