// Regenerates the code blocks of docs/contracts.md from the sources they name, so the document cannot drift:
// every block between `<!-- contract: path -->` and `<!-- /contract -->` is replaced by that file's text without
// its import lines. packages/core/src/contracts-doc.test.ts fails when a block differs from its file.
// Run: node scripts/update-contracts.js
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const documentPath = path.join(root, 'docs/contracts.md');
const blockPattern = /<!-- contract: (\S+) -->\n[\s\S]*?<!-- \/contract -->/g;

/** A source file as the document shows it: no import lines, no leading blank lines. */
function contractText(relativePath) {
  const source = fs.readFileSync(path.join(root, relativePath), 'utf8');
  return source
    .split('\n')
    .filter((line) => !/^import .* from '.*';$/.test(line))
    .join('\n')
    .replace(/^\n+/, '')
    .trimEnd();
}

function render(relativePath) {
  return `<!-- contract: ${relativePath} -->\n\`\`\`ts\n${contractText(relativePath)}\n\`\`\`\n<!-- /contract -->`;
}

function update(text) {
  return text.replace(blockPattern, (_block, relativePath) => render(relativePath));
}

module.exports = { update, render, blockPattern };

if (require.main === module) {
  const before = fs.readFileSync(documentPath, 'utf8');
  const after = update(before);
  fs.writeFileSync(documentPath, after);
  console.log(before === after ? 'docs/contracts.md is up to date' : 'docs/contracts.md updated');
}
