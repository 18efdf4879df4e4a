// The standalone verifier (verifier.html): checks a portal's ledger in this browser with the same modules the
// portal's pages use, and writes every result into this page itself. Nothing here comes from the portal but the
// data it checks: a copy of these files saved elsewhere checks any portal the same way.

import { usePortal, verifyFeedbackReceipt, verifyRecord, verifySavedCheckpoint, verifyStreamStep } from './verify.js';
import { labelOf } from './verify-text.js';
import { element, renderResult } from './verify-view.js';
import { connectFeed } from './feed-client.js';

const lang = new URLSearchParams(location.search).get('lang') ?? navigator.language ?? 'en';
const chinese = lang.toLowerCase().startsWith('zh');

const ui = {
  checking: ['Checking…', '正在检查……'],
  noPortal: ['Enter the address of the portal to check.', '请输入要检查的门户网址。'],
  noRecord: ['Enter a disbursement record number.', '请输入拨付记录编号。'],
  noCheckpoint: ['Paste or open a saved checkpoint.', '请粘贴或打开已保存的检查点。'],
  noReceipt: ['Paste or open a feedback receipt.', '请粘贴或打开反馈回执。'],
  recordNotFound: ['{0} has no disbursement record {1}.', '{0} 没有编号为 {1} 的拨付记录。'],
  live: ['Following {0}: {1} blocks verified, the newest at height {2}.', '正在跟踪 {0}：已验证 {1} 个区块，最新高度 {2}。'],
  liveFailed: ['The live stream FAILED verification at block {0}; it is no longer followed.', '实时数据流在区块 {0} 验证失败，已停止跟踪。'],
  liveClosed: ['The connection to the live feed closed.', '与实时数据流的连接已关闭。'],
  block: ['Block {0}: {1} entries', '区块 {0}：{1} 个条目'],
  blockOne: ['Block {0}: 1 entry', '区块 {0}：1 个条目'],
  shownHeading: ['What the portal says about record {0}, each value checked against its signed entry', '门户关于记录 {0} 的内容，每一项均已与其签名条目核对'],
};

const say = (key, ...args) => ui[key][chinese ? 1 : 0].replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));

const $ = id => document.getElementById(id);

// A result of verify.js ({ ok, checks }) written into the results area, under a heading when there is one.
function render(result, heading) {
  const box = element('div');
  $('results').replaceChildren(...[heading, box].filter(Boolean));
  renderResult(box, result, { lang });
  $('results').scrollIntoView({ block: 'start' });
}

function message(text, failed = true) {
  $('results').replaceChildren(element('p', { class: `check-verdict ${failed ? 'failed' : ''}`, 'data-testid': 'verify-result', role: 'status' }, text));
}

// The portal named in the form, as verify.js will use it; null (and a message) when it is not a portal address.
function portal() {
  const address = $('portal').value.trim();
  if (!address) {
    message(say('noPortal'));
    return null;
  }
  try {
    return usePortal(address);
  } catch (error) {
    render({ ok: false, checks: [{ ok: false, title: 'stopped', detail: error.code ?? 'unexpected', args: error.args ?? { message: String(error) } }] });
    return null;
  }
}

// What the record shows, each value with the entry and field that must hold it: the same claims the portal's own
// record page hands the verifier (Components/ShownValues.cs), built here from the open-data API's answer.
function shownForRecord(r, feedback = []) {
  const time = text => String(Date.parse(text));
  const values = [
    { label: 'amount-paid', index: r.ledgerIndex, field: 'amount', shown: String(r.amount), type: 'money' },
    { label: 'paid-at', index: r.ledgerIndex, field: '@time', shown: time(r.paidAt), type: 'time' },
    { label: 'record-number', index: r.ledgerIndex, field: 'disbursementId', shown: String(r.id), type: 'text' },
    { label: 'request-number', index: r.ledgerIndex, field: 'requestId', shown: String(r.requestId), type: 'text' },
  ];
  // An organisation by the name the entry holds; an individual by the commitment it holds instead of the name.
  if (r.payee?.type === 'individual' && r.payee.commitment) {
    values.push(
      { label: 'payee-type', index: r.ledgerIndex, field: 'payeeType', shown: 'individual', type: 'text' },
      { label: 'payee-commitment', index: r.ledgerIndex, field: 'payeeCommitment', shown: r.payee.commitment, type: 'text' });
  } else if (r.payee?.name) {
    values.push({ label: 'payee', index: r.ledgerIndex, field: 'payee', shown: r.payee.name, type: 'text' });
  }
  const filed = r.timeline.find(s => s.kind === 'request.filed');
  if (filed) {
    values.push(
      { label: 'fund', index: filed.ledgerIndex, field: 'fundId', shown: String(r.fundId), type: 'text' },
      { label: 'program', index: filed.ledgerIndex, field: 'program', shown: r.program, type: 'text' },
      { label: 'region', index: filed.ledgerIndex, field: 'region', shown: r.region, type: 'text' },
      { label: 'department', index: filed.ledgerIndex, field: 'department', shown: r.department, type: 'text' },
      { label: 'purpose', index: filed.ledgerIndex, field: 'purpose', shown: r.purpose, type: 'text' },
      { label: 'beneficiaries', index: filed.ledgerIndex, field: 'beneficiaries', shown: String(r.beneficiaries), type: 'text' },
      { label: 'amount-requested', index: filed.ledgerIndex, field: 'amount', shown: String(r.requestedAmount), type: 'money' });
  }
  // The names beside the codes, each held to the entry that defined it.
  const names = [['fund-name', r.definitions?.fund, 'name', r.fundName], ['region-name', r.definitions?.region, 'name', r.regionName],
    ['region-name-en', r.definitions?.region, 'nameEn', r.regionNameEn], ['program-name', r.definitions?.program, 'name', r.programName],
    ['program-name-en', r.definitions?.program, 'nameEn', r.programNameEn], ['department-name', r.definitions?.department, 'name', r.departmentName]];
  for (const [label, index, field, value] of names) {
    if (Number.isSafeInteger(index)) values.push({ label, index, field, shown: value, type: 'text' });
  }
  for (const step of r.timeline) {
    values.push({ label: 'step-kind', index: step.ledgerIndex, field: '@kind', shown: step.kind, type: 'text' });
    values.push({ label: 'step-time', index: step.ledgerIndex, field: '@time', shown: time(step.time), type: 'time' });
    if (step.amount !== null && step.amount !== undefined) {
      values.push({ label: 'step-amount', index: step.ledgerIndex, field: 'amount', shown: String(step.amount), type: 'money' });
    }
  }
  // Each feedback shown with the record, as the record page shows it (Components/ShownValues.cs ForFeedback).
  for (const f of feedback) {
    values.push({ label: 'feedback-kind', index: f.ledgerIndex, field: 'kind', shown: f.kind, type: 'text' });
    if (f.category) values.push({ label: 'feedback-category', index: f.ledgerIndex, field: 'category', shown: f.category, type: 'text' });
    values.push({ label: 'feedback-time', index: f.ledgerIndex, field: '@time', shown: time(f.createdAt), type: 'time' });
    if (f.text !== null && f.textSalt) {
      values.push({ label: 'feedback-text', index: f.ledgerIndex, field: 'textCommitment', shown: f.text, type: 'commitment', salt: f.textSalt });
    }
    for (const a of f.answers ?? []) {
      values.push({ label: 'feedback-answer', index: a.ledgerIndex, field: 'text', shown: a.text, type: 'text' });
      values.push({ label: 'feedback-answer-time', index: a.ledgerIndex, field: '@time', shown: time(a.answeredAt), type: 'time' });
    }
    for (const e of f.escalations ?? []) values.push({ label: 'feedback-escalation', index: e.ledgerIndex, field: 'reason', shown: e.reason, type: 'text' });
    if (f.closed) {
      values.push({ label: 'feedback-outcome', index: f.closed.ledgerIndex, field: 'outcome', shown: f.closed.outcome, type: 'text' });
      if (f.closed.note !== null && f.closed.note !== undefined) values.push({ label: 'feedback-closing-note', index: f.closed.ledgerIndex, field: 'note', shown: f.closed.note, type: 'text' });
    }
    if (f.hidden) {
      values.push(
        { label: 'feedback-hidden-role', index: f.hidden.ledgerIndex, field: 'role', shown: f.hidden.role, type: 'text' },
        { label: 'feedback-hidden-reason', index: f.hidden.ledgerIndex, field: 'reason', shown: f.hidden.reason, type: 'text' },
        { label: 'feedback-hidden-time', index: f.hidden.ledgerIndex, field: '@time', shown: time(f.hidden.at), type: 'time' });
    }
  }
  return {
    requestId: r.requestId,
    values,
    sums: [
      { label: 'paid-on-request', kind: 'disbursement.confirmed', shown: String(r.requestDisbursed) },
      { label: 'reported-used', kind: 'usage.reported', shown: String(r.requestUsed) },
      { label: 'returned', kind: 'funds.returned', shown: String(r.requestReturned) },
    ],
  };
}

// The record's values as this page shows them: exactly those the verifier holds to the signed entries.
function recordTable(r, shown) {
  // The timeline's steps and a feedback's kind, category and times are checked but not listed: the table stays readable.
  const listed = v => !v.label.startsWith('step-') && (!v.label.startsWith('feedback-') || ['feedback-text', 'feedback-answer', 'feedback-outcome', 'feedback-hidden-reason'].includes(v.label));
  const rows = shown.values.filter(listed).map(v => {
    const value = v.type === 'time' ? new Date(Number(v.shown)).toISOString() : v.shown;
    return element('tr', {}, element('th', { scope: 'row' }, labelOf(v.label, lang)), element('td', {}, value));
  });
  return element('section', {}, element('h2', {}, say('shownHeading', r.id)), element('table', { 'data-testid': 'verifier-record' }, element('tbody', {}, ...rows)));
}

async function checkRecord() {
  const base = portal();
  if (!base) return;
  const id = $('record').value.trim();
  if (!/^\d+$/.test(id)) return message(say('noRecord'));
  message(say('checking'), false);
  const response = await fetch(new URL(`/api/disbursements/${id}`, base), { cache: 'no-store' }).catch(() => null);
  if (!response?.ok) {
    return response?.status === 404 ? message(say('recordNotFound', base, id))
      : render({ ok: false, checks: [{ ok: false, title: 'stopped', detail: response ? 'http-error' : 'portal-unreachable', args: { url: `${base}/api/disbursements/${id}`, status: response?.status } }] });
  }
  const record = await response.json();
  // The feedback on the record (its first page, as the record page shows it), every part held to its entry too.
  const listed = await fetch(new URL(`/api/feedback?disbursement=${id}`, base), { cache: 'no-store' }).catch(() => null);
  const feedback = listed?.ok ? (await listed.json()).items : [];
  const shown = shownForRecord(record, feedback);
  const result = await verifyRecord(record.ledgerIndexes, shown);
  render(result, recordTable(record, shown));
}

async function checkCheckpoint() {
  if (!portal()) return;
  const note = $('checkpoint').value;
  if (!note.trim()) return message(say('noCheckpoint'));
  message(say('checking'), false);
  render(await verifySavedCheckpoint(note));
}

async function checkReceipt() {
  if (!portal()) return;
  const receipt = $('receipt').value;
  if (!receipt.trim()) return message(say('noReceipt'));
  message(say('checking'), false);
  render(await verifyFeedbackReceipt(receipt));
}

let feed = null;

async function followFeed() {
  feed?.close();
  const base = portal();
  if (!base) return;
  message(say('checking'), false);
  let note = null, previous = null, verified = 0;
  const blocks = element('ol', { class: 'blocks', 'data-testid': 'verifier-blocks', reversed: '' });
  const status = element('p', { class: 'check-verdict ok', 'data-testid': 'verify-result', role: 'status' });
  // From the newest block: it is checked in full too (its signature, its entries' leaves), and fixes where the
  // stream must go on from.
  feed = connectFeed(base, {
    onBlock: async block => {
      const step = await verifyStreamStep(note, block, previous);
      if (!step.ok) {
        feed.close();
        render(step, element('p', {}, say('liveFailed', block.height)));
        return;
      }
      note = step.note;
      previous = { height: block.height, hash: block.hash, treeSize: block.treeSize, treeRoot: block.treeRoot };
      verified++;
      status.textContent = say('live', base, verified, block.height);
      blocks.prepend(element('li', { 'data-height': String(block.height) },
        element('strong', {}, step.entries.length === 1 ? say('blockOne', block.height) : say('block', block.height, step.entries.length)), ' ',
        ...step.entries.slice(0, 5).map(e => element('span', { class: 'entry' },
          `#${e.index} ${e.kind}${e.amount !== undefined && e.amount !== null ? ` ${e.amount}` : ''}${e.region ? ` ${e.region}` : ''}`))));
      while (blocks.children.length > 50) blocks.lastChild.remove();
      if (verified === 1) $('results').replaceChildren(status, blocks);
    },
    onClose: error => {
      if (!$('results').contains(status)) return;
      status.className = 'check-verdict failed';
      status.textContent = error ? `${say('liveClosed')} ${error.message}` : say('liveClosed');
    },
  });
}

function start() {
  document.documentElement.lang = chinese ? 'zh-CN' : 'en';
  // Served by a portal: that portal is the default; opened from elsewhere, the visitor names one.
  if (location.protocol === 'https:' || location.protocol === 'http:') $('portal').value = location.origin;
  const record = new URLSearchParams(location.search).get('record');
  if (record) $('record').value = record;
  $('record-form').addEventListener('submit', event => { event.preventDefault(); checkRecord(); });
  $('checkpoint-form').addEventListener('submit', event => { event.preventDefault(); checkCheckpoint(); });
  $('checkpoint-file').addEventListener('change', async event => {
    const file = event.target.files?.[0];
    if (file) $('checkpoint').value = await file.text();
  });
  $('receipt-form').addEventListener('submit', event => { event.preventDefault(); checkReceipt(); });
  $('receipt-file').addEventListener('change', async event => {
    const file = event.target.files?.[0];
    if (file) $('receipt').value = await file.text();
  });
  $('live-form').addEventListener('submit', event => { event.preventDefault(); followFeed(); });
  $('ready').hidden = false;
}

start();
