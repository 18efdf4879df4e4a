// Checks a record's ledger entries in the visitor's own browser, trusting nothing the page says:
// the checkpoint's Ed25519 signature (WebCrypto), each entry's leaf hash and its RFC 9162 inclusion proof
// (SHA-256, WebCrypto) up to the signed root. Strict: hashes must be 32 bytes, proofs exactly as long as the
// tree requires, and the signature must be by the published key, with the key ID it claims.

const enc = new TextEncoder();

const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');

function fromHex(text, what) {
  if (typeof text !== 'string' || !/^([0-9a-f]{2})*$/i.test(text)) throw new Error(`${what} is not hexadecimal.`);
  return Uint8Array.from(text.match(/../g) ?? [], h => parseInt(h, 16));
}

function fromBase64(text, what) {
  try {
    return Uint8Array.from(atob(text), c => c.charCodeAt(0));
  } catch {
    throw new Error(`${what} is not base64.`);
  }
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

function hash32(bytes, what) {
  if (bytes.length !== 32) throw new Error(`${what} has ${bytes.length} bytes; SHA-256 hashes have 32.`);
  return bytes;
}

const nodeHash = (l, r) => sha256(concat(new Uint8Array([1]), l, r));

// RFC 9162 section 2.1.3.2.
async function rootFromInclusionProof(index, size, leaf, path) {
  if (index < 0 || index >= size) throw new Error(`Index ${index} is outside a tree of ${size} leaves.`);
  hash32(leaf, 'The leaf hash');
  let fn = index, sn = size - 1, r = leaf;
  for (const p of path) {
    hash32(p, 'A proof hash');
    if (sn === 0) throw new Error('The inclusion proof is longer than the tree allows.');
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
  if (sn !== 0) throw new Error('The inclusion proof is shorter than the tree requires.');
  return r;
}

// RFC 9162 section 2.1.4.2: true when the proof shows the tree of size m (root first) is a prefix of the tree of
// size n (root second).
async function verifyConsistency(m, n, first, second, path) {
  hash32(first, 'The first root');
  hash32(second, 'The second root');
  path.forEach((p, i) => hash32(p, `Proof hash ${i}`));
  if (m < 1 || m > n) throw new Error(`No consistency proof exists from size ${m} to size ${n}.`);
  if (m === n) {
    if (path.length !== 0) throw new Error('A proof between equal sizes must be empty.');
    return equal(first, second);
  }
  if (path.length === 0) throw new Error('The consistency proof is empty.');
  const proof = (m & (m - 1)) === 0 ? [first, ...path] : [...path];
  let fn = m - 1, sn = n - 1;
  while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
  let fr = proof[0], sr = proof[0];
  for (const c of proof.slice(1)) {
    if (sn === 0) throw new Error('The consistency proof is longer than the trees allow.');
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
  if (sn !== 0) throw new Error('The consistency proof is shorter than the trees require.');
  return equal(fr, first) && equal(sr, second);
}

async function keyId(name, publicKey) {
  return (await sha256(concat(enc.encode(name), new Uint8Array([0x0a, 0x01]), publicKey))).slice(0, 4);
}

// The verifier key: name+hexkeyid+base64(0x01 || key). Base64 may contain '+': split at the first two only.
async function parseVerifierKey(text) {
  const trimmed = text.trim();
  const first = trimmed.indexOf('+'), second = trimmed.indexOf('+', first + 1);
  if (first < 1 || second < 0) throw new Error('The public key is not name+keyid+key.');
  const name = trimmed.slice(0, first), id = fromHex(trimmed.slice(first + 1, second), 'The key ID');
  const raw = fromBase64(trimmed.slice(second + 1), 'The public key');
  if (raw.length !== 33 || raw[0] !== 0x01) throw new Error('The public key is not an Ed25519 key.');
  const publicKey = raw.slice(1);
  if (!equal(id, await keyId(name, publicKey))) throw new Error('The public key does not match its key ID.');
  return { name, id, publicKey, text: trimmed };
}

function parseCheckpoint(note) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('The checkpoint is not a signed note.');
  const text = note.slice(0, split + 1);
  const [origin, size, root] = text.split('\n');
  if (!/^[1-9][0-9]*$/.test(size)) throw new Error('The checkpoint tree size is not a number.');
  const signatures = note.slice(split + 2, -1).split('\n').map(line => {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) throw new Error('A signature line is malformed.');
    const blob = fromBase64(m[2], 'A signature');
    return { name: m[1], id: blob.slice(0, 4), signature: blob.slice(4) };
  });
  return { text, origin, size: Number(size), root: hash32(fromBase64(root, 'The root hash'), 'The root hash'), signatures };
}

async function verifySignature(checkpoint, key) {
  const signature = checkpoint.signatures.find(s => s.name === key.name && equal(s.id, key.id));
  if (!signature) throw new Error(`The checkpoint carries no signature by ${key.name} with key ID ${hex(key.id)}.`);
  if (signature.signature.length !== 64) throw new Error('The Ed25519 signature is not 64 bytes.');
  let cryptoKey;
  try {
    cryptoKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    throw new Error('This browser cannot check Ed25519 signatures (WebCrypto Ed25519 is missing).');
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, signature.signature, enc.encode(checkpoint.text));
}

async function getText(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}.`);
  return response.text();
}

async function getJson(url) {
  return JSON.parse(await getText(url));
}

// Trust on first use: remember the key this browser first saw, and say so loudly if it ever changes.
function pinKey(key) {
  const slot = `portal.ledger-key:${location.host}`;
  const seen = localStorage.getItem(slot);
  if (!seen) {
    localStorage.setItem(slot, JSON.stringify({ key: key.text, since: new Date().toISOString() }));
    return { first: true };
  }
  const pinned = JSON.parse(seen);
  return { first: false, same: pinned.key === key.text, since: pinned.since };
}

export async function verifyRecord(indexes) {
  const checks = [];
  const check = (ok, title, detail) => { checks.push({ ok, title, detail }); return ok; };
  try {
    const key = await parseVerifierKey(await getText('/api/ledger/public-key'));
    const pin = pinKey(key);
    check(pin.first || pin.same, 'Ledger key',
      pin.first ? `Key ${key.name} (ID ${hex(key.id)}) seen for the first time; this browser will remember it.`
        : pin.same ? `Same key ${key.name} (ID ${hex(key.id)}) this browser has trusted since ${pin.since.slice(0, 10)}.`
          : `The published key changed since ${pin.since.slice(0, 10)}: the ledger now signs with another key.`);
    const checkpoint = parseCheckpoint(await getText('/api/ledger/checkpoint'));
    const signed = await verifySignature(checkpoint, key);
    check(signed, 'Checkpoint signature', signed
      ? `Ed25519 signature over "${checkpoint.origin}", tree size ${checkpoint.size}, root ${hex(checkpoint.root).slice(0, 16)}….`
      : 'The checkpoint\'s signature does not verify with the published key.');
    for (const index of indexes) {
      const entry = await getJson(`/api/ledger/entries/${index}`);
      const leafData = fromBase64(entry.leafData, 'The leaf data');
      const leafHash = hash32(fromHex(entry.leafHash, 'The leaf hash'), 'The leaf hash');
      const computed = await sha256(concat(new Uint8Array([0]), leafData));
      if (!check(equal(computed, leafHash), `Entry ${index}: content`, `SHA-256(0x00 ‖ entry) = ${hex(computed).slice(0, 16)}… (${entry.kind})`)) continue;
      const proof = await getJson(`/api/ledger/proofs/inclusion?index=${index}&treeSize=${checkpoint.size}`);
      const path = proof.path.map((h, i) => hash32(fromHex(h, `Proof hash ${i}`), `Proof hash ${i}`));
      const root = await rootFromInclusionProof(index, checkpoint.size, leafHash, path);
      check(equal(root, checkpoint.root), `Entry ${index}: in the signed ledger`,
        `${path.length} proof hashes lead to the checkpoint's root.`);
    }
  } catch (error) {
    check(false, 'Verification stopped', error.message);
  }
  return { ok: checks.length > 0 && checks.every(c => c.ok), checks };
}

// Proves that the log today is an append-only extension of a checkpoint saved earlier.
export async function verifySavedCheckpoint(savedNote) {
  const checks = [];
  const check = (ok, title, detail) => { checks.push({ ok, title, detail }); return ok; };
  try {
    const key = await parseVerifierKey(await getText('/api/ledger/public-key'));
    const saved = parseCheckpoint(savedNote.replace(/\r\n/g, '\n').replace(/\n*$/, '\n'));
    const genuine = await verifySignature(saved, key);
    if (!check(genuine, 'Saved checkpoint signature', genuine
      ? `Signed by ${key.name} (key ID ${hex(key.id)}): tree size ${saved.size}, root ${hex(saved.root).slice(0, 16)}….`
      : `The signature does not match this text: the checkpoint was altered, or signed by another key than ${key.name}.`)) {
      return { ok: false, checks };
    }
    const current = parseCheckpoint(await getText('/api/ledger/checkpoint'));
    check(await verifySignature(current, key), 'Current checkpoint signature', `Tree size ${current.size}, root ${hex(current.root).slice(0, 16)}….`);
    check(saved.origin === current.origin, 'Same log', `Origin "${saved.origin}".`);
    if (saved.size > current.size) {
      check(false, 'Append-only', `The saved checkpoint has ${saved.size} entries, the log only ${current.size}: the log was truncated or rolled back.`);
    } else if (saved.size === current.size) {
      check(equal(saved.root, current.root), 'Append-only', 'Nothing was appended since; the roots must be, and are, identical.');
    } else {
      const proof = await getJson(`/api/ledger/proofs/consistency?from=${saved.size}&to=${current.size}`);
      const path = proof.path.map((h, i) => fromHex(h, `Proof hash ${i}`));
      check(await verifyConsistency(saved.size, current.size, saved.root, current.root, path), 'Append-only',
        `${path.length} proof hashes show the ${saved.size} entries you saved are unchanged at the start of today's ${current.size}.`);
    }
  } catch (error) {
    check(false, 'Verification stopped', error.message);
  }
  return { ok: checks.length > 0 && checks.every(c => c.ok), checks };
}

// Exposed for tests of the verifier's strictness.
export const internals = { rootFromInclusionProof, verifyConsistency, parseVerifierKey, parseCheckpoint, verifySignature };
