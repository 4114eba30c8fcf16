#!/usr/bin/env node
// The `hub` command: runs the compiled CLI (built by `npm ci` through the prepare script).
require('../dist/bin/hub.js');
