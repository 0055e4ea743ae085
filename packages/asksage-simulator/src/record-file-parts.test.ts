import { createHash } from 'node:crypto';
import { startAskSageSimulator } from './start-asksage-simulator';

const key = 'simulator-files-key-'.padEnd(64, 'f');
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');

describe('simulator: multipart file parts on /server/query', () => {
  it('records each part (name, type, size, SHA-256) and prepends one <file-content> block per file', async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key }] });
    try {
      const form = new FormData();
      form.append('message', JSON.stringify([{ user: 'me', message: 'Describe it' }]));
      form.append('model', 'gpt-4o-mini');
      form.append('file', new Blob([png], { type: 'image/png' }), 'image-1.png');
      form.append('file', new Blob(['plain notes'], { type: 'text/plain' }), 'notes.txt');
      const response = await fetch(`${simulator.serverBaseUrl}/query`, { method: 'POST', headers: { 'x-access-tokens': key }, body: form });
      const body = (await response.json()) as { message: string; status: number };
      expect(body.status).toBe(200);
      expect(body.message.startsWith('<file-content>\n{"asksage_metadata": {"filename": "image-1.png", "page_number": 1}}\nThe image image-1.png shows')).toBe(true);
      expect(body.message).toContain('{"asksage_metadata": {"filename": "notes.txt", "page_number": 1}}\nplain notes\n</file-content>');
      const [recorded] = simulator.requests();
      expect(recorded?.files).toEqual([
        { field: 'file', filename: 'image-1.png', mimeType: 'image/png', size: png.length, sha256: createHash('sha256').update(png).digest('hex') },
        { field: 'file', filename: 'notes.txt', mimeType: 'text/plain', size: 11, sha256: createHash('sha256').update('plain notes').digest('hex') },
      ]);
    } finally {
      await simulator.close();
    }
  });

  it('extracts a PDF to text (the strings its pages draw) as AskSage does, and records its exact bytes', async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key }] });
    try {
      const pdf = Buffer.from('%PDF-1.4\n4 0 obj << /Length 44 >> stream\nBT /F1 12 Tf (Quarterly \\(Q3\\) revenue) Tj ET\nendstream endobj\n%%EOF\n', 'latin1');
      const form = new FormData();
      form.append('message', JSON.stringify([{ user: 'me', message: 'Summarise [document 1: attached as file report.pdf]' }]));
      form.append('model', 'gpt-4o-mini');
      form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'report.pdf');
      form.append('file', new Blob([Buffer.from('%PDF-1.5\n%%EOF\n')], { type: 'application/pdf' }), 'empty.pdf');
      const response = await fetch(`${simulator.serverBaseUrl}/query`, { method: 'POST', headers: { 'x-access-tokens': key }, body: form });
      const body = (await response.json()) as { message: string };
      expect(body.message.startsWith('<file-content>\n{"asksage_metadata": {"filename": "report.pdf", "page_number": 1}}\nQuarterly (Q3) revenue\n</file-content>')).toBe(true);
      expect(body.message).toContain('{"asksage_metadata": {"filename": "empty.pdf", "page_number": 1}}\nSimulated text extracted from empty.pdf.\n</file-content>');
      expect(simulator.requests()[0]?.files?.[0]).toEqual({ field: 'file', filename: 'report.pdf', mimeType: 'application/pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });
    } finally {
      await simulator.close();
    }
  });
});
