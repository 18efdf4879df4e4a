// Writes the verifier's results into the page itself: the verdict, then every check with its detail, in the page's
// language. The portal's pages hand it the element to fill; what the checks found never travels back to the server
// to be rendered. The standalone verifier (verifier-page.js) renders with it too.

import { verifyFeedbackReceipt, verifyRecord, verifySavedCheckpoint, verifyStreamStep } from './verify.js';
import { describe, uiText } from './verify-text.js';

const pageLanguage = () => document.documentElement.lang || navigator.language || 'en';

// An element with its attributes and children (text or nodes; null and undefined left out).
export const element = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children.filter(c => c !== null && c !== undefined));
  return node;
};

// The two signed checkpoints that prove a ledger rewrote history this browser saw, to download as evidence: each
// is signed, so anyone can check them later without trusting this page or this portal.
function historyEvidence(args, lang) {
  const link = (note, name, text) => element('a', {
    class: 'evidence-download', href: `data:text/plain;charset=utf-8,${encodeURIComponent(note ?? '')}`, download: name,
  }, text);
  const today = new Date().toISOString().slice(0, 10);
  return element('div', { class: 'history-evidence', 'data-testid': 'history-evidence' },
    link(args.seenNote, `checkpoint-seen-${args.since ?? ''}.txt`, uiText('download-seen', lang, args)),
    link(args.currentNote, `checkpoint-today-${today}.txt`, uiText('download-today', lang, args)));
}

// Renders a result ({ ok, checks }) into target. 'success' is the page's summary when every check passed ('{0}' is
// the number of checks), 'failure' its summary otherwise.
export function renderResult(target, result, { success, failure, lang = pageLanguage() } = {}) {
  const passed = result.ok;
  const failed = result.checks.filter(c => !c.ok).length;
  const verdict = element('div', { class: `check-verdict ${passed ? 'ok' : 'failed'}`, role: 'status', 'data-testid': 'verify-result' },
    passed ? (success || uiText('passed', lang)).replace('{0}', String(result.checks.length))
      : (failure || uiText('failed', lang)).replace('{0}', String(failed)));
  const list = element('ul', { class: 'check-list', 'data-testid': 'verify-checks' }, ...result.checks.map(check => {
    const { title, detail } = describe(check, lang);
    const state = !check.ok ? 'failed' : check.warn ? 'warn' : 'ok';
    return element('li', { class: state },
      element('span', { class: 'check-mark', 'aria-hidden': 'true' }, { ok: '✓', warn: '⚠', failed: '✗' }[state]),
      element('span', { class: 'check-text' }, element('strong', {}, title), `${uiText('separator', lang)}${detail}`,
        !check.ok && check.detail === 'history-rewritten' ? historyEvidence(check.args ?? {}, lang) : null));
  }));
  target.replaceChildren(verdict, list);
  return passed;
}

// A result for a verifier that could not run at all (its module failed to load, say).
const couldNotRun = error => ({ ok: false, checks: [{ ok: false, title: 'could-not-run', detail: 'unexpected', args: { message: String(error?.message ?? error) } }] });

// A record or entry page's check, rendered into target. Returns whether it passed.
export async function checkRecordInto(target, indexes, shown, texts) {
  target.replaceChildren();
  let result;
  try {
    result = await verifyRecord(indexes, shown);
  } catch (error) {
    result = couldNotRun(error);
  }
  return renderResult(target, result, texts);
}

// The saved-checkpoint page's check, rendered into target. Returns whether it passed.
export async function checkSavedInto(target, note, texts) {
  target.replaceChildren();
  let result;
  try {
    result = await verifySavedCheckpoint(note);
  } catch (error) {
    result = couldNotRun(error);
  }
  return renderResult(target, result, texts);
}

// A feedback receipt's check (the receipt as saved, JSON text), rendered into target. Returns whether it passed.
export async function checkReceiptInto(target, receipt, texts) {
  target.replaceChildren();
  let result;
  try {
    result = await verifyFeedbackReceipt(receipt);
  } catch (error) {
    result = couldNotRun(error);
  }
  return renderResult(target, result, texts);
}

// One live block: checked, and on failure the checks rendered into target (which stays: a failed stream is never
// hidden). The page gets back only whether it passed, the note for the next block and the entries as their leaves
// record them.
export async function streamStepInto(target, previousNote, block, previousBlock, texts) {
  let step;
  try {
    step = await verifyStreamStep(previousNote, block, previousBlock);
  } catch (error) {
    step = { ...couldNotRun(error), note: block.checkpoint, entries: null };
  }
  if (!step.ok) {
    const failure = element('div', { class: 'live-failure', 'data-testid': 'live-failure' });
    target.replaceChildren(failure);
    renderResult(failure, step, texts);
  }
  return { ok: step.ok, note: step.note, entries: step.entries };
}
