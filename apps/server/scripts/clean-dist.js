// A fresh dist/ on every build, so a deleted or renamed source file cannot live on as stale JavaScript.
const fs = require('node:fs');
const path = require('node:path');

fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
