// Validates an AsyncAPI document with the AsyncAPI parser: prints every diagnostic, exits 1 on any error or warning.
// Usage: node validate.mjs <document.json>
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';

const file = process.argv[2];
const parser = new Parser();
const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'));
const severities = ['error', 'warning', 'information', 'hint'];
for (const d of diagnostics) {
  console.log(`${severities[d.severity]} ${d.code} at ${d.path.join('/')}: ${d.message}`);
}
const failing = diagnostics.filter((d) => d.severity <= 1);
if (!document || failing.length > 0) {
  console.log(`INVALID: ${failing.length} errors or warnings`);
  process.exit(1);
}
console.log(`VALID: AsyncAPI ${document.version()}, ${document.channels().length} channels, `
  + `${document.components().messages().length} messages`);
