// Memory of the contact index for an attribute with a distinct value per contact (an account number):
// synthetic COPY text (500,000 contacts, each with such a value and a long shared note) through the
// index's own parser, the heap and typed arrays held after the garbage is collected, beside the size of
// the COPY text read (the same run's reference: what the index held when its values kept that text).
//   node --expose-gc --import tsx bench/pages/contact-index-values.ts [--contacts 500000]
import { ContactIndex, parseContactLine } from '../../src/listen/contacts/contact-index.js';
import { CopyLines } from '../../src/understand/sums/columnar-rows.js';

const args = process.argv.slice(2);
const at = args.indexOf('--contacts');
const N = at >= 0 ? Number(args[at + 1]) : 500_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const uuid = (i: number) => {
  const h = i.toString(16).padStart(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const note = 'x'.repeat(200);

gc();
const before = process.memoryUsage();
const ix = new ContactIndex();
const lines = new CopyLines(parseContactLine, (r) => ix.append(r));
let text = '';
let copied = 0;
for (let i = 0; i < N; i++) {
  text += `${uuid(i)}\tt\tf\tf\t{"plan": "pro", "account": "account-number-${i}", "note": "${note}"}\n`;
  if (text.length > 65_536 || i === N - 1) {
    copied += Buffer.byteLength(text);
    lines.push(Buffer.from(text));
    text = '';
  }
}
lines.end();
gc();
gc();
const after = process.memoryUsage();
const mib = (n: number) => (n / 2 ** 20).toFixed(1);
console.log(
  `${N.toLocaleString('en')} contacts, ${ix.values('account').length.toLocaleString('en')} distinct values: ` +
    `heap ${mib(after.heapUsed - before.heapUsed)} MiB + typed arrays ${mib(after.arrayBuffers - before.arrayBuffers)} MiB; ` +
    `COPY text read ${mib(copied)} MiB`,
);
