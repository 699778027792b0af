#!/usr/bin/env node
import { processIo, runCli } from '../lib/cli';

// The `clusterforge` command (package.json "bin"); everything it does lives in lib/cli/.
runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`clusterforge: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
