// tsc compiles src/ to dist/ but does not copy the generated Prisma client (plain JS + .d.ts + wasm),
// which dist/database/prisma.service.js requires as ../generated/prisma.
const fs = require('node:fs');
const path = require('node:path');

const from = path.join(__dirname, '..', 'src', 'generated');
const to = path.join(__dirname, '..', 'dist', 'generated');
fs.rmSync(to, { recursive: true, force: true });
fs.cpSync(from, to, { recursive: true });
