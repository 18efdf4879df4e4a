// Runs the transparency-dev/merkle inclusion and consistency vectors (merkle/testdata) through the browser verifier,
// verify.js, in Node, and prints one JSON summary: per vector file, what upstream expects and what verify.js did.
// MerkleVectorTests (Portal.Tests/Ledger/Chain) runs it and compares each outcome with the C# verifier's.
//
// From the solution root:
//   node Portal.Tests/Ledger/Chain/Vectors/run-verify-js.mjs Portal.Web/wwwroot/js/verify.js [testdata folder]
// Both paths are resolved against the working directory; the testdata folder defaults to the one beside this file.
// Exit code 0 when every vector ran (whatever its outcome): judging the outcomes is the test's job, since only it
// knows the portal's deliberate deviations from upstream. Anything else (a bad argument, a file that is not a vector)
// exits non-zero.
//
// Needs Node 20 or later: verify.js checks signatures with globalThis.crypto.subtle. It touches fetch, localStorage and location
// only inside functions these checks never call.

import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [verifyArg, vectorsArg] = process.argv.slice(2);
if (!verifyArg) {
  console.error('usage: node run-verify-js.mjs <path to verify.js> [testdata folder]');
  process.exit(2);
}
const verifyPath = resolve(verifyArg);
const vectorRoot = resolve(vectorsArg ?? fileURLToPath(new URL('./merkle/testdata/', import.meta.url)));

// Imported from a copy of the verifier's folder marked as ES modules, as a browser loads them: the files are .js
// under Portal.Web's package.json (no "type": "module"), which Node versions before module detection would load as
// CommonJS and fail on 'export'. verify.js imports its neighbours (sha256.js), so the whole folder is copied.
const moduleDir = mkdtempSync(join(tmpdir(), 'portal-verify-'));
for (const name of readdirSync(dirname(verifyPath)).filter(n => n.endsWith('.js'))) {
  copyFileSync(join(dirname(verifyPath), name), join(moduleDir, name));
}
writeFileSync(join(moduleDir, 'package.json'), '{ "type": "module" }\n');
let internals, sha256;
try {
  ({ internals } = await import(pathToFileURL(join(moduleDir, basename(verifyPath))).href));
  ({ sha256 } = await import(pathToFileURL(join(moduleDir, 'sha256.js')).href));
} finally {
  rmSync(moduleDir, { recursive: true, force: true });
}

const bytes = text => new Uint8Array(Buffer.from(text, 'base64'));
const hashes = list => (list ?? []).map(bytes); // upstream writes an empty proof as null
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// The sizes are unsigned 64-bit upstream; JSON.parse makes them doubles, exactly as the browser would for a server's
// reply. A size beyond 2^53 reaches verify.js rounded, so the summary names it rather than hide it.
const inexact = (vector, fields) => fields.filter(f => !Number.isSafeInteger(vector[f]));

// How verify.js uses these two internals (included() and consistent()): the inclusion proof's computed root must
// equal the signed root; the consistency check answers true or false. A VerifyError is a refusal of the input.
const checks = {
  inclusion: {
    sizes: ['leafIdx', 'treeSize'],
    run: async v => equal(await internals.rootFromInclusionProof(v.leafIdx, v.treeSize, bytes(v.leafHash), hashes(v.proof)), bytes(v.root)),
  },
  consistency: {
    sizes: ['size1', 'size2'],
    run: v => internals.verifyConsistency(v.size1, v.size2, bytes(v.root1), bytes(v.root2), hashes(v.proof)),
  },
};

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.name.endsWith('.json')) yield path;
  }
}

const results = [];
for (const [kind, check] of Object.entries(checks)) {
  for (const path of files(join(vectorRoot, kind))) {
    const file = relative(vectorRoot, path).split(sep).join('/');
    const vector = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof vector.wantErr !== 'boolean') throw new Error(`${file} has no boolean wantErr: not a vector`);
    let got, detail;
    try {
      got = (await check.run(vector)) === true ? 'verified' : 'not-verified';
    } catch (error) {
      // VerifyError is not exported; its name and code are how verify.js's refusals are told from its bugs.
      if (error?.constructor?.name === 'VerifyError') {
        got = 'refused';
        detail = error.code;
      } else {
        got = 'crashed';
        detail = String(error?.stack ?? error);
      }
    }
    const expected = vector.wantErr ? 'rejected' : 'verified';
    results.push({
      file,
      desc: vector.desc,
      expected,
      got,
      ...(detail === undefined ? {} : { detail }),
      ...(inexact(vector, check.sizes).length ? { inexactSizes: inexact(vector, check.sizes) } : {}),
      matchesUpstream: expected === 'verified' ? got === 'verified' : got === 'not-verified' || got === 'refused',
    });
  }
}

// The verifier's own SHA-256 against Node's (OpenSSL) on every length through several blocks, including each
// padding boundary: the inputs are deterministic, so a failure is reproducible.
const sha256Mismatches = [];
for (let length = 0; length <= 1100; length++) {
  const input = Uint8Array.from({ length }, (_, i) => (i * 31 + length * 7) & 0xff);
  const ours = Buffer.from(sha256(input)).toString('hex');
  const theirs = createHash('sha256').update(input).digest('hex');
  if (ours !== theirs) sha256Mismatches.push(length);
}

console.log(JSON.stringify({
  node: process.version,
  sha256Lengths: 1101,
  sha256Mismatches,
  verifier: relative(process.cwd(), verifyPath).split(sep).join('/'),
  vectors: results.length,
  matchingUpstream: results.filter(r => r.matchesUpstream).length,
  results,
}, null, 2));
