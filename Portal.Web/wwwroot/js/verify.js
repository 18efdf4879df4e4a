// Checks a record's ledger entries in the visitor's own browser, trusting nothing the page says:
// the checkpoint's Ed25519 signature (WebCrypto), each entry's leaf hash and its RFC 9162 inclusion proof
// (SHA-256, sha256.js) up to the signed root. Strict: hashes must be 32 bytes, proofs exactly as long as the
// tree requires, and the signature must be by the published key, with the key ID it claims.
//
// Results and errors are codes with their facts ({ title, detail, args }), not sentences: the page writes them in
// the visitor's language (verify-text.js). A code's facts are part of its contract with that file.

import { sha256 } from './sha256.js';

const enc = new TextEncoder();

// A refusal of the verifier: message is the code (e.g. 'inclusion-proof-too-long'), args its facts.
class VerifyError extends Error {
  constructor(code, args = {}) {
    super(code);
    this.code = code;
    this.args = args;
  }
}

const fail = (code, args) => { throw new VerifyError(code, args); };

const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');

// 'what' names the value for the message: a code such as 'leaf-hash', or 'proof-hash' with its position.
function fromHex(text, what, position) {
  if (typeof text !== 'string' || !/^([0-9a-f]{2})*$/i.test(text)) fail('not-hex', { what, position });
  return Uint8Array.from(text.match(/../g) ?? [], h => parseInt(h, 16));
}

const toBase64 = bytes => btoa(String.fromCharCode(...bytes));

const sextets = new Int8Array(128).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((c, i) => { sextets[c.charCodeAt(0)] = i; });

// One strict rule, the same as the ledger's (StrictBase64.cs): the standard alphabet, padded to a multiple of
// four, and canonical (unused bits zero); atob alone would also take missing padding and whitespace. Decoded by
// hand: a live block's hundreds of leaves made atob plus a re-encoding check the slowest part of its check.
function fromBase64(text, what) {
  if (typeof text !== 'string' || text.length % 4 !== 0) fail('not-base64', { what });
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.length - pad;
  const bytes = new Uint8Array(text.length / 4 * 3 - pad);
  let bits = 0, held = 0, at = 0;
  for (let i = 0; i < body; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? sextets[code] : -1;
    if (value < 0) fail('not-base64', { what });
    bits = ((bits << 6) | value) & 0xffffff;
    held += 6;
    if (held >= 8) {
      held -= 8;
      bytes[at++] = (bits >> held) & 0xff;
    }
  }
  // The bits left after the last byte (two or four, with padding) must be zero: one text per byte string.
  if ((bits & ((1 << held) - 1)) !== 0) fail('not-base64', { what });
  return bytes;
}

// Sizes and indexes are exact integers only up to 2^53 - 1 in JavaScript: anything larger would be rounded.
function exactSize(value, what) {
  if (!Number.isSafeInteger(value) || value < 0) fail('size-too-large', { what, value: String(value) });
  return value;
}

// Powers of two with BigInt: the 32-bit '&' of numbers is wrong from 2^32 on.
const isPowerOfTwo = n => { const b = BigInt(n); return b > 0n && (b & (b - 1n)) === 0n; };

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// RFC 6962 leaf hash: SHA-256 of 0x00 and the entry's leaf input.
const leafHashOf = leafData => sha256(concat(new Uint8Array([0]), leafData));

// A personal value's commitment (docs/ledger-format.md): hex SHA-256 of the domain, 0x00, the 32-byte salt and the
// value's UTF-8. Null when the salt is not 32 bytes of hex: such a value opens no commitment.
const personalDomain = enc.encode('portal/personal/v1');
function commitmentOf(value, saltHex) {
  if (typeof value !== 'string' || typeof saltHex !== 'string' || !/^[0-9a-f]{64}$/i.test(saltHex)) return null;
  return hex(sha256(concat(personalDomain, new Uint8Array([0]), fromHex(saltHex, 'salt'), enc.encode(value))));
}


function hash32(bytes, what, position) {
  if (bytes.length !== 32) fail('wrong-hash-length', { what, position, length: bytes.length });
  return bytes;
}

const nodeHash = (l, r) => sha256(concat(new Uint8Array([1]), l, r));

// The 101 header bytes of docs/ledger-format.md, from a streamed block's fields; its SHA-256 is the block hash.
async function blockHash(block) {
  const header = new DataView(new ArrayBuffer(101));
  const count = block.entries.length;
  header.setUint8(0, 1);
  header.setBigUint64(1, BigInt(block.height));
  new Uint8Array(header.buffer).set(hash32(fromHex(block.previousHash, 'previous-hash'), 'previous-hash'), 9);
  header.setBigUint64(41, BigInt(block.treeSize - count));
  header.setUint32(49, count);
  header.setBigUint64(53, BigInt(block.treeSize));
  new Uint8Array(header.buffer).set(hash32(fromHex(block.treeRoot, 'root-hash'), 'root-hash'), 61);
  header.setBigInt64(93, BigInt(Date.parse(block.timestamp)));
  return sha256(new Uint8Array(header.buffer));
}

// RFC 9162 section 2.1.3.2.
async function rootFromInclusionProof(index, size, leaf, path) {
  exactSize(index, 'index');
  exactSize(size, 'tree-size');
  if (index < 0 || index >= size) fail('index-outside-tree', { index, size });
  hash32(leaf, 'leaf-hash');
  let fn = index, sn = size - 1, r = leaf;
  for (const p of path) {
    hash32(p, 'proof-hash');
    if (sn === 0) fail('inclusion-proof-too-long');
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  if (sn !== 0) fail('inclusion-proof-too-short');
  return r;
}

// RFC 9162 section 2.1.4.2: true when the proof shows the tree of size m (root first) is a prefix of the tree of
// size n (root second).
async function verifyConsistency(m, n, first, second, path) {
  hash32(first, 'first-root');
  hash32(second, 'second-root');
  path.forEach((p, i) => hash32(p, 'proof-hash', i));
  exactSize(m, 'tree-size');
  exactSize(n, 'tree-size');
  if (m < 1 || m > n) fail('no-consistency-proof', { from: m, to: n });
  if (m === n) {
    if (path.length !== 0) fail('equal-sizes-proof-not-empty');
    return equal(first, second);
  }
  if (path.length === 0) fail('consistency-proof-empty');
  const proof = isPowerOfTwo(m) ? [first, ...path] : [...path];
  let fn = m - 1, sn = n - 1;
  while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
  let fr = proof[0], sr = proof[0];
  for (const c of proof.slice(1)) {
    if (sn === 0) fail('consistency-proof-too-long');
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  if (sn !== 0) fail('consistency-proof-too-short');
  return equal(fr, first) && equal(sr, second);
}

async function keyId(name, publicKey, type = 0x01) {
  return (await sha256(concat(enc.encode(name), new Uint8Array([0x0a, type]), publicKey))).slice(0, 4);
}

// The verifier key: name+hexkeyid+base64(type || key), type 0x01 for the log's key and 0x04 for a witness's
// cosignature key. Base64 may contain '+': split at the first two only. Its text is kept in canonical form
// (lowercase key ID), so the same key written in another case is the same key.
async function parseVerifierKey(text, type = 0x01) {
  if (typeof text !== 'string') fail('key-malformed');
  const trimmed = text.trim();
  const first = trimmed.indexOf('+'), second = trimmed.indexOf('+', first + 1);
  if (first < 1 || second !== first + 9) fail('key-malformed');
  const name = trimmed.slice(0, first), id = fromHex(trimmed.slice(first + 1, second), 'key-id');
  const raw = fromBase64(trimmed.slice(second + 1), 'public-key');
  if (raw.length !== 33 || raw[0] !== type) fail('key-not-ed25519');
  const publicKey = raw.slice(1);
  if (!equal(id, await keyId(name, publicKey, type))) fail('key-id-mismatch');
  return { name, id, publicKey, text: `${name}+${hex(id)}+${toBase64(raw)}` };
}

// A C2SP signed checkpoint. Trailing newlines past the last signature line's are dropped, as the ledger's
// SignedNote.Parse does (an editor's blank line at the end of a saved file).
function parseCheckpoint(note) {
  if (typeof note !== 'string') fail('not-signed-note');
  note = note.replace(/\n*$/, '\n');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) fail('not-signed-note');
  const text = note.slice(0, split + 1);
  const [origin, size, root] = text.split('\n');
  if (!origin || root === undefined) fail('not-signed-note');
  if (!/^[1-9][0-9]*$/.test(size)) fail('tree-size-not-number');
  exactSize(Number(size), 'tree-size');
  const signatures = note.slice(split + 2, -1).split('\n').map(line => {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) fail('signature-line-malformed');
    const blob = fromBase64(m[2], 'signature');
    return { name: m[1], id: blob.slice(0, 4), signature: blob.slice(4) };
  });
  return { text, origin, size: Number(size), root: hash32(fromBase64(root, 'root-hash'), 'root-hash'), signatures };
}

// The signature line by this key's name and key ID (valid or not), as the ledger's SignedNote.HasSignatureBy.
const signatureBy = (checkpoint, key) => checkpoint.signatures.find(s => s.name === key.name && equal(s.id, key.id));

// C2SP tlog-checkpoint: a verifier must check that the origin is the log it expects. This ledger signs with key
// name = origin, so a checkpoint of another log, even one signed by this key, is refused here, for every check.
async function verifySignature(checkpoint, key) {
  if (checkpoint.origin !== key.name) fail('origin-not-key-name', { origin: checkpoint.origin, name: key.name });
  const signature = signatureBy(checkpoint, key);
  if (!signature) fail('no-signature-by-key', { name: key.name, id: hex(key.id) });
  if (signature.signature.length !== 64) fail('signature-not-64-bytes');
  let cryptoKey;
  try {
    cryptoKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    fail('ed25519-unsupported');
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, signature.signature, enc.encode(checkpoint.text));
}

// The portal whose ledger is checked: the page's own, unless a standalone verifier names another (usePortal). Its
// public read API answers any origin (Access-Control-Allow-Origin: *).
let portal = null;
const portalUrl = () => portal ?? new URL(location.origin);

// Checks the ledger of the portal at this address from now on (a standalone verifier page); trailing paths are
// ignored. Keys and history are pinned per portal host, so checking several portals keeps their pins apart.
export function usePortal(address) {
  let url;
  try {
    url = new URL(address);
  } catch {
    return fail('portal-url-invalid', { url: String(address) });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('portal-url-invalid', { url: String(address) });
  portal = new URL(url.origin);
  return portal.origin;
}

async function getText(path) {
  const url = new URL(path, portalUrl()).href;
  let response;
  try {
    response = await fetch(url, { cache: 'no-store' });
  } catch {
    return fail('portal-unreachable', { url });
  }
  if (!response.ok) fail('http-error', { url, status: response.status });
  return response.text();
}

async function getJson(url) {
  return JSON.parse(await getText(url));
}

// Trust on first use: remember the key this browser first saw, and say so loudly if it ever changes (unless the
// ledger proves the change a rotation, see trustKey).
const keySlot = () => `portal.ledger-key:${portalUrl().host}`;

async function pinKey(key) {
  const seen = localStorage.getItem(keySlot());
  if (!seen) {
    localStorage.setItem(keySlot(), JSON.stringify({ key: key.text, since: new Date().toISOString() }));
    return { first: true };
  }
  const pinned = JSON.parse(seen);
  // Compared in canonical form: a key ID pinned in uppercase is the same key, not a changed one.
  const pinnedText = (await parseVerifierKey(pinned.key)).text;
  return { first: false, same: pinnedText === key.text, since: pinned.since, pinned: pinnedText };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// The leaf input of docs/ledger-format.md, decoded: index, kind and payload (exactly as recorded).
function decodeLeaf(leafData) {
  const view = new DataView(leafData.buffer, leafData.byteOffset, leafData.byteLength);
  const text = (from, length) => utf8.decode(leafData.subarray(from, from + length));
  if (leafData.length < 25 || view.getUint8(0) !== 1) fail('leaf-malformed');
  const kindLength = view.getUint16(17);
  const actorLength = view.getUint16(19 + kindLength);
  const payloadLength = view.getUint32(21 + kindLength + actorLength);
  if (25 + kindLength + actorLength + payloadLength !== leafData.length) fail('leaf-malformed');
  return {
    index: Number(view.getBigUint64(1)),
    timeMs: Number(view.getBigInt64(9)),
    kind: text(19, kindLength),
    actor: text(21 + kindLength, actorLength),
    payload: text(25 + kindLength + actorLength, payloadLength),
  };
}

// A payload's JSON, or null when it is not an object (every fund event's payload is one).
function payloadOf(leaf) {
  try {
    const value = JSON.parse(leaf.payload);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

// Amounts compared to the cent: the page shows them as decimal text, the payload holds JSON numbers.
const cents = value => {
  const n = typeof value === 'number' ? value : (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN);
  return Number.isFinite(n) ? Math.round(n * 100) : NaN;
};

// The value of a shown field in a decoded leaf: '@kind', '@actor', '@time' (Unix ms) and '@payload' are the leaf's
// own fields; any other name is the payload's field.
function recordedValue(leaf, field) {
  switch (field) {
    case '@kind': return leaf.kind;
    case '@actor': return leaf.actor;
    case '@time': return leaf.timeMs;
    case '@payload': return leaf.payload;
    default: return payloadOf(leaf)?.[field];
  }
}

function sameValue(type, shown, recorded, salt) {
  if (recorded === undefined || recorded === null) return false;
  // A text the entry commits to rather than holds (a citizen's feedback): shown with its salt, it must open the commitment.
  if (type === 'commitment') return commitmentOf(shown, salt) === String(recorded).toLowerCase();
  if (type === 'money') return !Number.isNaN(cents(shown)) && cents(shown) === cents(recorded);
  if (type === 'time') return Number(shown) === Number(recorded);
  return String(shown) === String(recorded);
}

// Every value the page shows, held to the entry that recorded it (decoded here from its signed leaf), and every
// total to the sum of the entries it adds up. A failure names the value, the entry, and both versions.
function checkShownValues(check, shown, leaves) {
  let matched = 0;
  for (const value of shown.values ?? []) {
    const leaf = leaves.get(value.index);
    if (!leaf) {
      check(false, 'shown', 'shown-not-checked', { label: value.label, index: value.index });
      continue;
    }
    const recorded = recordedValue(leaf, value.field);
    if (sameValue(value.type, value.shown, recorded, value.salt)) {
      matched++;
    } else if (value.type === 'commitment') {
      check(false, 'shown', 'shown-not-committed', { label: value.label, index: value.index, shown: value.shown });
    } else {
      const text = v => value.type === 'time' && Number.isFinite(Number(v)) ? new Date(Number(v)).toISOString() : String(v);
      check(false, 'shown', 'shown-differs', { label: value.label, index: value.index, shown: text(value.shown), recorded: recorded === undefined ? '' : text(recorded) });
    }
  }
  for (const sum of shown.sums ?? []) {
    const total = [...leaves.values()].filter(l => l.kind === sum.kind).reduce((n, l) => n + cents(payloadOf(l)?.amount), 0);
    if (total === cents(sum.shown)) {
      matched++;
    } else {
      check(false, 'shown', 'sum-differs', { label: sum.label, shown: String(sum.shown), recorded: (total / 100).toFixed(2) });
    }
  }
  if (matched > 0) check(true, 'shown', 'shown-match', { count: matched });
}

// A request's entries, as checked, must be its unbroken chain: its filing first, then each event naming the one
// before it (previousIndex), so no step between the first and the last can have been left out.
function checkTimeline(check, requestId, indexes, leaves) {
  const ordered = [...indexes].sort((a, b) => a - b);
  const first = leaves.get(ordered[0]);
  if (!first || first.kind !== 'request.filed' || payloadOf(first)?.requestId !== requestId) {
    return check(false, 'timeline', 'timeline-no-filing', { request: requestId, index: ordered[0] });
  }
  for (let i = 1; i < ordered.length; i++) {
    const payload = payloadOf(leaves.get(ordered[i])) ?? {};
    if (payload.requestId !== requestId) return check(false, 'timeline', 'timeline-other-request', { request: requestId, index: ordered[i] });
    if (payload.previousIndex === undefined) return check(false, 'timeline', 'timeline-unlinked', { index: ordered[i] });
    if (payload.previousIndex !== ordered[i - 1]) {
      return check(false, 'timeline', 'timeline-step-missing', { index: ordered[i], previous: payload.previousIndex, shown: ordered[i - 1] });
    }
  }
  return check(true, 'timeline', 'timeline-complete', { request: requestId, count: ordered.length });
}

// An entry a portal's listing names (a rotation, a witness policy), fetched and decoded here, as the listing itself is
// not trusted: it must be the entry at that index, of that kind. Its inclusion is proven by the caller.
async function listedEntry(index, kind, failure) {
  const entry = await getJson(`/api/ledger/entries/${index}`);
  const leafData = fromBase64(entry.leafData, 'leaf-data');
  const leaf = decodeLeaf(leafData);
  if (leaf.index !== index || leaf.kind !== kind) fail(failure, { index });
  return { leaf, leafData };
}

// The previous and new key a rotation's payload names, in canonical form, or null when it names no such pair.
async function rotationKeys(payload) {
  try {
    const { previousKey, newKey } = JSON.parse(payload) ?? {};
    return { previousKey: (await parseVerifierKey(previousKey)).text, newKey: (await parseVerifierKey(newKey)).text };
  } catch {
    return null;
  }
}

// The published key is not the one this browser pinned. It is trusted only along a chain of rotations recorded in
// the ledger from the pinned key to it: each a ledger.key-rotated entry naming the key trusted so far as previous,
// included under a checkpoint signed by that key, each such checkpoint extending the one before, and 'current'
// (signed by the published key) extending the last. Returns the index of the last rotation, or null when there is
// no such chain (the key changed behind the ledger's back). A broken link stops the check with its reason.
async function followRotations(pinnedText, published, current) {
  // Every listed rotation with its entry, fetched and decoded here: the listing itself is not trusted.
  const rotations = [];
  for (const listed of await getJson('/api/ledger/key-rotations')) {
    const { leaf, leafData } = await listedEntry(listed.index, 'ledger.key-rotated', 'rotation-not-recorded');
    // A payload that names no two keys (null, or not JSON) links nothing: it can neither stop nor extend the chain.
    const keys = await rotationKeys(leaf.payload);
    if (!keys) continue;
    if (keys.previousKey === keys.newKey) fail('rotation-to-itself', { index: leaf.index });
    rotations.push({ index: leaf.index, leafData, checkpoint: parseCheckpoint(listed.checkpoint), ...keys });
  }
  let key = await parseVerifierKey(pinnedText);
  let anchor = null, last = null;
  for (;;) {
    // A key rotated from twice (a rotation stopped before its key was published, then run again): the later counts.
    const rotation = rotations.filter(r => r.previousKey === key.text && (last === null || r.index > last)).at(-1);
    if (!rotation) break;
    const { index, leafData, checkpoint } = rotation;
    if (!await verifySignature(checkpoint, key)) fail('rotation-not-signed', { index });
    if (!(await included(index, leafHashOf(leafData), checkpoint)).ok) fail('rotation-not-included', { index });
    if (anchor && !await extends_(anchor, checkpoint)) fail('rotation-not-append-only', { index });
    key = await parseVerifierKey(rotation.newKey);
    anchor = checkpoint;
    last = index;
  }
  if (key.text !== published.text) return null;
  // Pinned only once today's checkpoint is the new key's and extends the one that recorded the rotation.
  if (!await verifySignature(current, published)) fail('checkpoint-signature-invalid');
  if (!await extends_(anchor, current)) fail('rotation-not-append-only', { index: last });
  return last;
}

// The key a checkpoint was signed with, when this browser may trust it: today's key, or an earlier published key
// from which the ledger records a chain of rotations to today's (a checkpoint saved, or a page rendered, before a
// rotation), with the index of the last rotation. Null when neither.
async function trustedSigner(checkpoint, key, current) {
  if (signatureBy(checkpoint, key)) return { signer: key, rotation: null };
  const published = (await getText('/api/ledger/public-keys')).split('\n').filter(line => line.trim());
  for (const text of published) {
    const earlier = await parseVerifierKey(text);
    if (!signatureBy(checkpoint, earlier)) continue;
    const rotation = await followRotations(earlier.text, key, current);
    return rotation === null ? null : { signer: earlier, rotation };
  }
  return null;
}

// The entry's inclusion proof for the checkpoint's tree, fetched from the ledger and checked here: whether it leads
// from the leaf hash to the signed root, and its length.
async function included(index, leafHash, checkpoint, fetched) {
  const proof = await (fetched ?? getJson(`/api/ledger/proofs/inclusion?index=${index}&treeSize=${checkpoint.size}`));
  const path = proof.path.map((h, i) => hash32(fromHex(h, 'proof-hash', i), 'proof-hash', i));
  return { ok: equal(await rootFromInclusionProof(index, checkpoint.size, leafHash, path), checkpoint.root), count: path.length };
}

// The consistency proof from the earlier (smaller) checkpoint's tree to the later one's, checked here: the one given
// when it is between these sizes, else one fetched from the ledger. Whether it holds, and its length.
async function consistent(earlier, later, given) {
  const proof = given && given.from === earlier.size && given.to === later.size
    ? given
    : await getJson(`/api/ledger/proofs/consistency?from=${earlier.size}&to=${later.size}`);
  const path = proof.path.map((h, i) => fromHex(h, 'proof-hash', i));
  return { ok: await verifyConsistency(earlier.size, later.size, earlier.root, later.root, path), count: path.length };
}

// Whether the later checkpoint's tree extends the earlier one's.
async function extends_(earlier, later) {
  if (earlier.size > later.size) return false;
  if (earlier.size === later.size) return equal(earlier.root, later.root);
  return (await consistent(earlier, later)).ok;
}

// The 'ledger-key' check for the published key, given a checkpoint it signed: first use, the pinned key, a rotation
// the ledger proves (then the new key is pinned), or a change it does not explain.
async function trustKey(check, key, current) {
  const pin = await pinKey(key);
  const facts = { name: key.name, id: hex(key.id), since: pin.since?.slice(0, 10) };
  if (pin.first || pin.same) {
    return check(true, 'ledger-key', pin.first ? 'key-first-seen' : 'key-same', facts);
  }
  const rotation = await followRotations(pin.pinned, key, current);
  if (rotation === null) {
    return check(false, 'ledger-key', 'key-changed', facts);
  }
  localStorage.setItem(keySlot(), JSON.stringify({ key: key.text, since: new Date().toISOString(), rotatedFrom: pin.pinned }));
  return check(true, 'ledger-key', 'key-rotated', { ...facts, index: rotation });
}

// History pinning: the newest checkpoint this browser has verified for this portal. Every later check must prove
// that today's ledger extends it, so a ledger that forks or rewrites what this browser once saw is caught without
// anyone pasting a saved checkpoint.
const historySlot = () => `portal.ledger-checkpoint:${portalUrl().host}`;

function pinnedHistory() {
  const seen = localStorage.getItem(historySlot());
  if (!seen) return null;
  const pinned = JSON.parse(seen);
  return { ...pinned, checkpoint: parseCheckpoint(pinned.note) };
}

// The 'history' check of today's checkpoint against the one pinned: extends it, or the ledger rewrote history this
// browser saw (then both notes go with the result, as evidence to download). Nothing pinned yet: no check.
// Returns null, or the failed check's facts.
async function checkHistory(check, current, currentNote) {
  const pinned = pinnedHistory();
  if (!pinned) return null;
  const facts = { since: pinned.since?.slice(0, 10), seen: pinned.checkpoint.size, current: current.size };
  const same = pinned.checkpoint.origin === current.origin;
  const extended = same && await extends_(pinned.checkpoint, current);
  if (!extended) {
    const args = { ...facts, seenNote: pinned.note, currentNote };
    check(false, 'history', 'history-rewritten', args);
    return args;
  }
  check(true, 'history', pinned.checkpoint.size === current.size ? 'history-same' : 'history-extends', facts);
  return null;
}

// After a check that passed: today's checkpoint becomes the pinned one when it is newer.
function pinHistory(current, currentNote) {
  const pinned = pinnedHistory();
  if (pinned && pinned.checkpoint.size >= current.size) return;
  localStorage.setItem(historySlot(), JSON.stringify({ note: currentNote.replace(/\n*$/, '\n'), since: new Date().toISOString() }));
}

// C2SP tlog-policy, as the portal publishes it: its witnesses (name and cosignature key), groups and quorum.
async function parsePolicy(text) {
  const witnesses = new Map(), groups = new Map();
  let quorum = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const f = line.split(/\s+/);
    if (f[0] === 'witness' && f.length === 4) {
      witnesses.set(f[1], await parseVerifierKey(f[2], 0x04));
    } else if (f[0] === 'group' && f.length >= 4) {
      const members = f.slice(3);
      groups.set(f[1], { k: f[2] === 'all' ? members.length : f[2] === 'any' ? 1 : Number(f[2]), members });
    } else if (f[0] === 'quorum' && f.length === 2) {
      quorum = f[1] === 'none' ? null : f[1];
    } else if (f[0] !== 'log') {
      fail('policy-malformed', { line });
    }
  }
  return { witnesses, groups, quorum };
}

const quorumHolds = (policy, name, cosigners) => policy.groups.has(name)
  ? policy.groups.get(name).members.filter(m => quorumHolds(policy, m, cosigners)).length >= policy.groups.get(name).k
  : cosigners.has(name);

// C2SP tlog-cosignature v1: the witness's signature line holds a u64 timestamp and an Ed25519 signature over
// "cosignature/v1", the time and the checkpoint body.
async function verifyCosignature(checkpoint, key) {
  const line = signatureBy(checkpoint, key);
  if (!line || line.signature.length !== 72) return false;
  const time = new DataView(line.signature.buffer, line.signature.byteOffset).getBigUint64(0);
  const cryptoKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, line.signature.slice(8), enc.encode(`cosignature/v1\ntime ${time}\n${checkpoint.text}`));
}

// The witness policy this browser first saw for this portal, pinned like the key: a portal must not show one
// reader other witnesses (its own) than the rest. A changed policy is trusted only when the ledger records it.
const policySlot = () => `portal.witness-policy:${portalUrl().host}`;

// Every policy the ledger records, oldest first, each entry fetched, decoded and proven under the checkpoint here:
// the listing itself is not trusted. Each is { index, sha256 } (sha256 null: the entry records that there is none).
async function recordedPolicies(checkpoint) {
  const recorded = [];
  for (const listed of await getJson('/api/ledger/witness-policies')) {
    const { leaf, leafData } = await listedEntry(listed.index, 'ledger.witness-policy-set', 'policy-entry-not-recorded');
    if (!(await included(leaf.index, leafHashOf(leafData), checkpoint)).ok) fail('policy-entry-not-included', { index: leaf.index });
    const policy = payloadOf(leaf)?.policy;
    recorded.push({ index: leaf.index, sha256: typeof policy === 'string' ? hex(await sha256(enc.encode(policy))) : null });
  }
  return recorded;
}

// The 'witness-policy' check: the policy served (its text's SHA-256, null for none) against the one pinned. On first
// use, or when it changed, it must be the last policy the ledger records (and a changed one must follow the pinned
// one there); then it is pinned. Null when there is nothing to say (no policy, none pinned).
async function trustPolicy(check, checkpoint, served) {
  const pin = JSON.parse(localStorage.getItem(policySlot()) ?? 'null');
  if (pin === null && served === null) return null;
  if (pin !== null && pin.sha256 === served) return check(true, 'witness-policy', 'policy-same', { since: pin.since.slice(0, 10) });
  const recorded = await recordedPolicies(checkpoint);
  const last = recorded.at(-1);
  if ((last?.sha256 ?? null) !== served) return check(false, 'witness-policy', 'policy-not-recorded', {});
  if (pin !== null && !recorded.some(r => r.sha256 === pin.sha256 && r.index < last.index)) {
    return check(false, 'witness-policy', 'policy-changed', { since: pin.since.slice(0, 10) });
  }
  localStorage.setItem(policySlot(), JSON.stringify({ sha256: served, since: new Date().toISOString() }));
  return check(true, 'witness-policy', pin === null ? 'policy-first-seen' : 'policy-changed-recorded', { index: last.index });
}

// The witness policy's text, or null when the portal has none. Not with getText: a 404 is an answer, not an error.
async function fetchPolicy() {
  const url = new URL('/api/ledger/witness-policy', portalUrl()).href;
  const response = await fetch(url, { cache: 'no-store' }).catch(() => null);
  if (response?.status === 404) return null;
  if (!response?.ok) fail('http-error', { url, status: response?.status ?? 0 });
  return response.text();
}

// The 'witnesses' check: the checkpoint's valid cosignatures counted against the portal's witness policy (once that
// policy is trusted, see trustPolicy). Short of the quorum (or with no witnesses at all) it passes with a warning:
// the entries are still in the signed ledger, but only the portal vouches that every reader is shown the same one.
// A known witness's cosignature that does not verify fails.
async function checkWitnesses(check, checkpoint, fetched) {
  const text = await (fetched ?? fetchPolicy());
  const trusted = await trustPolicy(check, checkpoint, text === null ? null : hex(await sha256(enc.encode(text))));
  if (trusted === false) return false;
  if (text === null) return check(true, 'witnesses', 'no-witnesses', {}, true);
  const policy = await parsePolicy(text);
  const cosigners = new Set();
  for (const [name, key] of policy.witnesses) {
    if (!signatureBy(checkpoint, key)) continue;
    if (!await verifyCosignature(checkpoint, key)) return check(false, 'witnesses', 'witness-cosignature-invalid', { name });
    cosigners.add(name);
  }
  const met = policy.quorum === null || quorumHolds(policy, policy.quorum, cosigners);
  return check(true, 'witnesses', met ? 'witnessed' : 'witness-quorum-not-met', { count: cosigners.size, total: policy.witnesses.size }, !met);
}

// Each check: ok, a title code and a detail code, and the facts both are written from.
function recorder() {
  const checks = [];
  // A warning passes, but is shown as one: something a reader should know that does not make the check fail.
  const check = (ok, title, detail, args = {}, warn = false) => { checks.push({ ok, title, detail, args, ...(warn ? { warn: true } : {}) }); return ok; };
  const stopped = error => error instanceof VerifyError
    ? check(false, 'stopped', error.code, error.args)
    : check(false, 'stopped', 'unexpected', { message: String(error?.message ?? error) });
  const result = () => ({ ok: checks.length > 0 && checks.every(c => c.ok), checks });
  return { checks, check, stopped, result };
}

const short = hash => hex(hash).slice(0, 16);

// Checks a page's entries: each leaf hashed and proven under the signed checkpoint, decoded here, and (given what
// the page shows) every shown value held to its leaf and a request's steps to their unbroken chain. A page that
// checks no entry at all fails: there is nothing to vouch for what it shows.
export async function verifyRecord(steps, shown) {
  const { check, stopped, result } = recorder();
  try {
    if (!steps?.length) fail('nothing-checked');
    // The record's own entries, then any other entry a shown value names (a name's definition, say): every one proven.
    const indexes = [...new Set([...steps, ...(shown?.values ?? []).map(v => v.index)])];
    // The witness policy is requested with the key and checkpoint: its round trip overlaps theirs.
    const policy = fetchPolicy();
    policy.catch(() => {});
    const [keyText, note] = await Promise.all([getText('/api/ledger/public-key'), getText('/api/ledger/checkpoint')]);
    const key = await parseVerifierKey(keyText);
    const checkpoint = parseCheckpoint(note);
    // Every entry and its proof requested at once (checked below in order): the wait is one round trip, not one per entry.
    const requests = indexes.map(index => {
      const entry = getJson(`/api/ledger/entries/${index}`);
      const proof = getJson(`/api/ledger/proofs/inclusion?index=${index}&treeSize=${checkpoint.size}`);
      // Settled later, in order; an early failure must not leave the others' rejections unhandled.
      entry.catch(() => {});
      proof.catch(() => {});
      return { entry, proof };
    });
    await trustKey(check, key, checkpoint);
    const signed = await verifySignature(checkpoint, key);
    check(signed, 'checkpoint-signature', signed ? 'checkpoint-signed' : 'checkpoint-signature-invalid',
      { origin: checkpoint.origin, size: checkpoint.size, root: short(checkpoint.root) });
    if (signed) {
      await checkHistory(check, checkpoint, note);
      await checkWitnesses(check, checkpoint, policy);
    }
    const leaves = new Map();
    for (const [i, index] of indexes.entries()) {
      const entry = await requests[i].entry;
      const leafData = fromBase64(entry.leafData, 'leaf-data');
      const leafHash = hash32(fromHex(entry.leafHash, 'leaf-hash'), 'leaf-hash');
      const computed = leafHashOf(leafData);
      const leaf = decodeLeaf(leafData);
      if (!check(equal(computed, leafHash) && leaf.index === index, 'entry-content', 'leaf-hash-computed', { index, hash: short(computed), kind: leaf.kind })) continue;
      const { ok, count } = await included(index, leafHash, checkpoint, requests[i].proof);
      // Only a leaf proven under the signed root may vouch for what the page shows.
      if (check(ok, 'entry-included', 'proof-leads-to-root', { index, count })) leaves.set(index, leaf);
    }
    if (shown) {
      if (shown.requestId !== null && shown.requestId !== undefined) checkTimeline(check, shown.requestId, steps, leaves);
      checkShownValues(check, shown, leaves);
    }
    if (result().ok) pinHistory(checkpoint, note);
  } catch (error) {
    stopped(error);
  }
  return result();
}

// Checks that the later checkpoint's tree extends the earlier one's: same root at equal sizes, else a consistency
// proof (the one given, when it is between these sizes, or one fetched from the ledger) checked here.
async function checkAppendOnly(check, earlier, later, given) {
  const sizes = { saved: earlier.size, current: later.size };
  if (earlier.size > later.size) {
    check(false, 'append-only', 'log-truncated', sizes);
  } else if (earlier.size === later.size) {
    check(equal(earlier.root, later.root), 'append-only', 'nothing-appended', sizes);
  } else {
    const { ok, count } = await consistent(earlier, later, given);
    check(ok, 'append-only', 'consistency-proven', { ...sizes, count });
  }
}

// A checkpoint kept from earlier (pasted by a reader, or a receipt's), held to today's ledger: signed by the
// published key or one the ledger rotated from, of the same log, extended by today's tree, and today's checkpoint
// checked against the history this browser saw and the witnesses. 'title' names the kept checkpoint's signature
// check; 'once' runs after it proves genuine (a receipt's entry is proven under it there).
async function checkKeptCheckpoint(check, result, keptNote, title, once = async () => {}) {
  const key = await parseVerifierKey(await getText('/api/ledger/public-key'));
  const kept = parseCheckpoint(keptNote.replace(/\r\n/g, '\n').replace(/\n*$/, '\n'));
  const currentNote = await getText('/api/ledger/checkpoint');
  const current = parseCheckpoint(currentNote);
  // Kept before a key rotation: signed by an earlier published key, which the ledger must show rotated to today's.
  const trusted = await trustedSigner(kept, key, current);
  const signer = trusted?.signer ?? key, rotation = trusted?.rotation ?? null;
  const genuine = await verifySignature(kept, signer);
  if (!check(genuine, title, genuine ? 'saved-signed' : 'saved-signature-invalid',
    { name: signer.name, id: hex(signer.id), size: kept.size, root: short(kept.root) })) {
    return;
  }
  if (rotation !== null) {
    check(true, 'ledger-key', 'saved-key-rotated', { index: rotation, id: hex(key.id) });
  }
  await once(kept);
  const currentSigned = await verifySignature(current, key);
  check(currentSigned, 'current-checkpoint-signature', 'current-signed', { size: current.size, root: short(current.root) });
  const sameLog = kept.origin === current.origin;
  check(sameLog, 'same-log', sameLog ? 'same-origin' : 'other-origin', { origin: kept.origin, current: current.origin });
  await checkAppendOnly(check, kept, current);
  if (currentSigned) {
    await checkHistory(check, current, currentNote);
    await checkWitnesses(check, current);
  }
  if (result().ok) pinHistory(current, currentNote);
}

// Proves that the log today is an append-only extension of a checkpoint saved earlier.
export async function verifySavedCheckpoint(savedNote) {
  const { check, stopped, result } = recorder();
  try {
    await checkKeptCheckpoint(check, result, savedNote, 'saved-checkpoint-signature');
  } catch (error) {
    stopped(error);
  }
  return result();
}

// A feedback receipt (POST /api/.../feedback's answer, as the submitter saved it), checked against today's ledger:
// its entry hashes to the proof's leaf, is the feedback it names, holds the commitment its text and salt open, and
// is included in the tree of the checkpoint it came with, which the portal's key signed and today's ledger extends.
// So the submitter can show, whatever the portal does later, that this text was sent and recorded, and when.
export async function verifyFeedbackReceipt(receipt) {
  const { check, stopped, result } = recorder();
  try {
    const r = receiptFields(receipt);
    const index = r.ledgerIndex;
    const leafData = fromBase64(r.leafData, 'leaf-data');
    const leafHash = hash32(fromHex(r.inclusionProof.leafHash, 'leaf-hash'), 'leaf-hash');
    const computed = leafHashOf(leafData);
    const leaf = decodeLeaf(leafData);
    if (!check(equal(computed, leafHash) && leaf.index === index, 'entry-content', 'leaf-hash-computed', { index, hash: short(computed), kind: leaf.kind })) {
      return result();
    }
    const payload = payloadOf(leaf) ?? {};
    const isFeedback = leaf.kind === 'feedback.submitted' && payload.feedbackId === r.feedbackId;
    check(isFeedback, 'receipt-feedback', isFeedback ? 'receipt-is-feedback' : 'receipt-not-feedback', { index, feedback: r.feedbackId, kind: leaf.kind, time: `${new Date(leaf.timeMs).toISOString().slice(0, 16).replace('T', ' ')} UTC` });
    const opens = typeof payload.textCommitment === 'string' && commitmentOf(r.text, r.textSalt) === payload.textCommitment.toLowerCase();
    check(opens, 'receipt-text', opens ? 'text-opens-commitment' : 'text-does-not-open', { index });
    await checkKeptCheckpoint(check, result, r.checkpoint, 'receipt-checkpoint', async sealed => {
      const sizeAgrees = sealed.size === r.treeSize && r.inclusionProof.treeSize === r.treeSize && r.inclusionProof.index === index;
      const { ok, count } = sizeAgrees ? await included(index, leafHash, sealed, Promise.resolve(r.inclusionProof)) : { ok: false, count: 0 };
      check(ok, 'entry-included', 'proof-leads-to-root', { index, count });
    });
  } catch (error) {
    stopped(error);
  }
  return result();
}

// A receipt's fields, each of the type the portal answers with; anything else is not a receipt.
function receiptFields(receipt) {
  const r = typeof receipt === 'string' ? (() => { try { return JSON.parse(receipt); } catch { return null; } })() : receipt;
  const proof = r?.inclusionProof;
  const ok = r && typeof r === 'object' && Number.isSafeInteger(r.feedbackId) && Number.isSafeInteger(r.ledgerIndex) && Number.isSafeInteger(r.treeSize)
    && typeof r.checkpoint === 'string' && typeof r.leafData === 'string' && typeof r.text === 'string' && typeof r.textSalt === 'string'
    && proof && typeof proof.leafHash === 'string' && Array.isArray(proof.path) && proof.path.every(h => typeof h === 'string')
    && Number.isSafeInteger(proof.index) && Number.isSafeInteger(proof.treeSize);
  if (!ok) fail('receipt-malformed');
  return r;
}

// The levels of the complete subtrees of a tree of 'size' leaves, left to right: one per set bit, largest first.
function subtreeLevels(size) {
  const levels = [];
  for (let level = 62, bits = BigInt(size); level >= 0; level--) {
    if ((bits >> BigInt(level)) & 1n) levels.push(level);
  }
  return levels;
}

// RFC 9162's root from a compact range (subtree hashes left to right): folded from the right.
function rangeRoot(range) {
  if (range.length === 0) return sha256(new Uint8Array(0));
  let root = range.at(-1).hash;
  for (let i = range.length - 2; i >= 0; i--) root = nodeHash(range[i].hash, root);
  return root;
}

// The value of an entry's field as it records it ('amount' of a fund's creation is its budget); undefined when the
// entry does not record one of the field's type (ids are integers, amounts numbers, codes text).
function recordedField(kind, payload, field) {
  const value = field === 'amount' && kind === 'fund.created' ? payload?.budget : payload?.[field];
  switch (field) {
    case 'requestId': case 'fundId': return Number.isSafeInteger(value) ? value : undefined;
    case 'amount': return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    default: return typeof value === 'string' ? value : undefined;
  }
}

// A streamed block's entries are exactly the leaves it added to the tree. Each is decoded from its recorded leaf
// input and must be the next index; the previous tree's compact range must hash to the previous root (when this page
// knows it) and, extended by the entries' leaf hashes, give the block's root (checked against the signed checkpoint
// by the caller). What the page may show of each entry is derived here from the leaf, never from the server's
// summary, and a summary field the leaf records must agree with it. Returns the derived entries.
async function checkStreamedEntries(check, block, previousRoot) {
  const count = block.entries.length;
  const previousSize = exactSize(block.treeSize - count, 'tree-size');
  const levels = subtreeLevels(previousSize);
  const given = block.previousRange ?? [];
  if (given.length !== levels.length) fail('range-wrong-length', { height: block.height, size: previousSize, count: given.length, expected: levels.length });
  const range = given.map((h, i) => ({ level: levels[i], hash: hash32(fromHex(h, 'range-hash', i), 'range-hash', i) }));
  if (previousRoot && !equal(rangeRoot(range), previousRoot)) {
    check(false, 'block-entries', 'range-not-previous-root', { height: block.height, size: previousSize });
    return null;
  }
  const leafData = block.entries.map(e => fromBase64(e.leafData, 'leaf-data'));
  const leafHashes = leafData.map(leafHashOf);
  const derived = [];
  for (const [i, entry] of block.entries.entries()) {
    const leaf = decodeLeaf(leafData[i]);
    if (leaf.index !== previousSize + i || entry.index !== leaf.index) {
      check(false, 'block-entries', 'entry-not-next', { height: block.height, index: leaf.index, expected: previousSize + i });
      return null;
    }
    const payload = payloadOf(leaf);
    const shown = {
      index: leaf.index, kind: leaf.kind, actor: leaf.actor, time: new Date(leaf.timeMs).toISOString(), leafData: entry.leafData,
      requestId: recordedField(leaf.kind, payload, 'requestId'), fundId: recordedField(leaf.kind, payload, 'fundId'),
      region: recordedField(leaf.kind, payload, 'region'), program: recordedField(leaf.kind, payload, 'program'),
      department: recordedField(leaf.kind, payload, 'department'), amount: recordedField(leaf.kind, payload, 'amount'),
    };
    for (const field of ['kind', 'fundId', 'region', 'program', 'amount']) {
      const claimed = entry[field], recorded = shown[field];
      if (claimed === null || claimed === undefined || recorded === undefined) continue;
      const same = field === 'amount' ? cents(claimed) === cents(recorded) : String(claimed) === String(recorded);
      if (!same) {
        check(false, 'block-entries', 'streamed-entry-differs', { height: block.height, index: leaf.index, field, shown: String(claimed), recorded: String(recorded) });
        return null;
      }
    }
    derived.push(shown);
  }
  for (const hash of leafHashes) {
    range.push({ level: 0, hash });
    while (range.length >= 2 && range.at(-2).level === range.at(-1).level) {
      const right = range.pop(), left = range.pop();
      range.push({ level: left.level + 1, hash: nodeHash(left.hash, right.hash) });
    }
  }
  const root = hash32(fromHex(block.treeRoot, 'root-hash'), 'root-hash');
  const filled = equal(rangeRoot(range), root);
  check(filled, 'block-entries', filled ? 'entries-fill-tree' : 'entries-not-leaves', { height: block.height, count, from: previousSize, to: block.treeSize });
  return filled ? derived : null;
}

// One step of a live feed: the block's checkpoint is signed by the published key and names the block's tree, the
// block's entries are exactly the leaves it added (decoded here from their leaf data), and the tree extends the last
// one this page verified (by the proof the block carries, or one fetched when the page skipped blocks). Returns the
// checkpoint note to pass as 'previousNote' with the next block, and the entries as their leaves record them.
let streamKey;
// undefined until the page's first block is held to the pinned history; then null (it extends it) or the failure.
let streamHistory;
export async function verifyStreamStep(previousNote, block, previousBlock) {
  const { check, stopped, result } = recorder();
  let entries = null;
  try {
    // Kept for the page's later blocks only once trusted: a failed key check must not turn green with the next block.
    const checkpoint = parseCheckpoint(block.checkpoint);
    let key = streamKey;
    // A block signed without the page's key: the ledger may have rotated its key while the page was open. The key is
    // then fetched and trusted again, as on a fresh page (following the rotation the ledger records, or failing).
    if (key && !signatureBy(checkpoint, key)) {
      key = streamKey = undefined;
    }
    if (!key) {
      key = await parseVerifierKey(await getText('/api/ledger/public-key'));
      if (await trustKey(check, key, checkpoint)) streamKey = key;
    }
    if (previousBlock) {
      // The block extends the last one this page showed: next height, linked by hash, its entries filling the tree.
      const linked = block.height === previousBlock.height + 1 && block.previousHash === previousBlock.hash
        && previousBlock.treeSize + block.entries.length === block.treeSize;
      check(linked, 'block-checkpoint', linked ? 'block-linked' : 'block-not-linked', { height: block.height, size: block.treeSize });
    }
    // The hash is the header's, recomputed here: the next block's link then vouches for this block's every field.
    const hashed = equal(await blockHash(block), hash32(fromHex(block.hash, 'block-hash'), 'block-hash'));
    check(hashed, 'block-checkpoint', hashed ? 'block-hash-computed' : 'block-hash-mismatch', { height: block.height, hash: block.hash.slice(0, 16) });
    const signed = await verifySignature(checkpoint, key);
    check(signed, 'checkpoint-signature', signed ? 'checkpoint-signed' : 'checkpoint-signature-invalid',
      { origin: checkpoint.origin, size: checkpoint.size, root: short(checkpoint.root) });
    const root = hash32(fromHex(block.treeRoot, 'root-hash'), 'root-hash');
    const matches = checkpoint.size === block.treeSize && equal(checkpoint.root, root);
    check(matches, 'block-checkpoint', matches ? 'checkpoint-names-block' : 'checkpoint-not-block',
      { height: block.height, size: block.treeSize });
    const previous = previousNote ? parseCheckpoint(previousNote) : null;
    // The previous tree's root, when this page has verified it: the last block's, or the page's own checkpoint's.
    const previousSize = block.treeSize - block.entries.length;
    // A block must begin exactly where the last tree this page verified ends: else its first entries could be passed
    // off as part of the previous tree, and never shown.
    const verifiedSize = previousBlock?.treeSize ?? previous?.size;
    if (verifiedSize !== undefined && verifiedSize !== previousSize) {
      check(false, 'block-entries', 'entries-not-after-previous', { height: block.height, from: previousSize, verified: verifiedSize });
    }
    const previousRoot = previousBlock?.treeSize === previousSize && previousBlock.treeRoot ? fromHex(previousBlock.treeRoot, 'root-hash')
      : previous?.size === previousSize ? previous.root : null;
    entries = await checkStreamedEntries(check, block, previousRoot);
    if (previous) {
      // The page's starting checkpoint came with the page: check its signature too rather than trust it (by an
      // earlier key, when the ledger rotated its key since the page was rendered).
      const trusted = await trustedSigner(previous, key, checkpoint);
      if (!trusted || !await verifySignature(previous, trusted.signer)) check(false, 'checkpoint-signature', 'checkpoint-signature-invalid', {});
      check(previous.origin === checkpoint.origin, 'same-log', previous.origin === checkpoint.origin ? 'same-origin' : 'other-origin',
        { origin: previous.origin, current: checkpoint.origin });
      await checkAppendOnly(check, previous, checkpoint, block.consistency);
    }
    // The page's first block is held to the history this browser pinned; each later one extends the one before. A
    // failure stays on every later block: the next block extending a forked one must not turn it green.
    if (streamHistory === undefined && signed) {
      streamHistory = await checkHistory(check, checkpoint, block.checkpoint);
    } else if (streamHistory) {
      check(false, 'history', 'history-rewritten', streamHistory);
    }
    if (result().ok) pinHistory(checkpoint, block.checkpoint);
  } catch (error) {
    stopped(error);
  }
  const outcome = result();
  // The entries as the leaves record them, for the page to show: only when the whole step passed.
  return { ...outcome, note: block.checkpoint, entries: outcome.ok ? entries : null };
}

// Exposed for tests of the verifier's strictness.
export const internals = { commitmentOf, rootFromInclusionProof, verifyConsistency, parseVerifierKey, parseCheckpoint, verifySignature, blockHash, decodeLeaf, fromBase64 };
