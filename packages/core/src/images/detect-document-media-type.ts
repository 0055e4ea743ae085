/**
 * The document formats the proxy attaches as files: PDF only. AskSage extracts many formats to text, but only PDF has
 * a reliable signature (`%PDF-`); a declared `text/plain` or `.docx` cannot be told from an HTML error page or a ZIP
 * of anything by its first bytes, and text documents already travel as text.
 */
export type DocumentMediaType = 'application/pdf';

const pdfSignature = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** The document format by its magic bytes (`%PDF-` at the start); undefined for anything else. */
export function detectDocumentMediaType(bytes: Uint8Array): DocumentMediaType | undefined {
  return pdfSignature.every((value, index) => bytes[index] === value) ? 'application/pdf' : undefined;
}
