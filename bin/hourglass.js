#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'apps', 'hourglass', 'src', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write("hourglass: not built yet: run 'npm ci' (or 'npm run build') in " + path.join(__dirname, '..') + '\n');
  process.exit(1);
}
require(entry);
