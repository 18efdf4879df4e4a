// The live home page without a circuit: one connection to the public feed (/hubs/ledger) per visitor, from the block
// the page was rendered at. Each block is checked in the browser (its signature, its link to the block before, its
// entries filling the signed tree, and the consistency proof from the last checkpoint this page verified) before the
// page shows it; a failed check stays on screen and the page stops following. The figures, charts, witnesses and
// freshness line are the server's, re-rendered (/fragments/home) at most every few seconds while blocks come.

import { connectFeed } from './feed-client.js';
import { streamStepInto } from './verify-view.js';
import { updateCharts } from './page-charts.js';

const fragmentInterval = 5_000;
// A hidden page lets go of its connection after this long, and catches up when shown again.
const hiddenGrace = 60_000;
const retryDelays = [1_000, 2_000, 5_000, 10_000, 30_000];

export function startLiveHome(root) {
  const texts = JSON.parse(root.dataset.texts);
  const lang = document.documentElement.lang || 'en';
  const feedBox = root.querySelector('[data-testid=live-feed]');
  const count = root.querySelector('[data-live-count]');
  const failure = root.querySelector('[data-live-failure]');
  const rows = root.querySelector('[data-testid=latest-blocks] tbody');
  const checkpoint = root.querySelector('[data-live-checkpoint]');

  let note = root.dataset.checkpoint || null;
  let last = Number(root.dataset.afterHeight);
  let previousBlock = null;
  let verified = 0;
  let feed = null;
  let state = 'starting';
  let retries = 0;
  let retryTimer = null;
  let hiddenTimer = null;
  let stopped = false;

  const setState = next => {
    state = next;
    feedBox.dataset.state = next;
  };

  const connect = () => {
    retryTimer = null;
    if (stopped || state === 'failed') return;
    const connection = connectFeed(location.origin, {
      afterHeight: last,
      onSubscribed: () => {
        if (feed !== connection) return;
        retries = 0;
        setState('live');
      },
      onBlock: block => feed === connection ? take(block) : undefined,
      onClose: () => {
        if (feed !== connection) return;
        feed = null;
        if (stopped || state === 'failed' || state === 'paused') return;
        setState('reconnecting');
        retryTimer = setTimeout(connect, retryDelays[Math.min(retries++, retryDelays.length - 1)]);
      },
    });
    feed = connection;
  };

  const take = async block => {
    if (stopped || state === 'failed' || block.height <= last) return;
    const step = await streamStepInto(failure, note, block, previousBlock,
      { success: '', failure: texts.failed.replace('{0}', block.height), lang });
    if (!step.ok) {
      setState('failed');
      feed?.close();
      return;
    }
    note = step.note;
    last = block.height;
    previousBlock = { height: block.height, hash: block.hash, treeSize: block.treeSize, treeRoot: block.treeRoot };
    verified++;
    count.textContent = texts.verified.replace('{0}', new Intl.NumberFormat(lang).format(verified));
    showBlock(block);
    if (checkpoint) checkpoint.textContent = block.checkpoint;
    refreshFragments();
  };

  // The new block on top of the list, written as the server writes the others (a copy of a row it rendered).
  const showBlock = block => {
    const template = rows?.querySelector('tr');
    if (!template) {
      // The page was rendered from an empty ledger: it has no list to add to yet, so it is rendered again (and checks
      // its first block against the history this browser pinned, as every page does).
      location.reload();
      return;
    }
    const row = template.cloneNode(true);
    const link = row.querySelector('[data-block-height]');
    link.href = `/ledger/blocks/${block.height}`;
    link.textContent = String(block.height);
    const time = row.querySelector('[data-block-time]');
    const at = new Date(block.timestamp);
    time.setAttribute('datetime', at.toISOString());
    time.title = `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
    time.textContent = fundTime(at, texts.time);
    row.querySelector('[data-block-entries]').textContent = `${block.treeSize - block.entries.length} – ${block.treeSize - 1}`;
    const hash = row.querySelector('[data-block-hash]');
    hash.title = block.hash;
    hash.textContent = `${block.hash.slice(0, 16)}…`;
    rows.prepend(row);
    while (rows.children.length > texts.shown) rows.lastElementChild.remove();
  };

  // At most one fetch of the figures every few seconds, however fast blocks come, and none while hidden.
  let fragmentTimer = null;
  let fragmentsDue = false;
  const refreshFragments = () => {
    fragmentsDue = true;
    if (fragmentTimer || document.hidden) return;
    fragmentsDue = false;
    fetchFragments();
    fragmentTimer = setTimeout(() => {
      fragmentTimer = null;
      if (fragmentsDue) refreshFragments();
    }, fragmentInterval);
  };

  const fetchFragments = async () => {
    try {
      const response = await fetch(root.dataset.fragments, { headers: { accept: 'text/html' } });
      if (!response.ok || stopped) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const part of fresh.querySelectorAll('[data-fragment]')) {
        const target = document.querySelector(`[data-fragment="${CSS.escape(part.dataset.fragment)}"]`);
        if (!target) continue;
        if (part.querySelector('canvas[data-chart-id]')) updateCharts(target, part);
        else target.replaceChildren(...part.childNodes);
      }
      document.dispatchEvent(new CustomEvent('portal:updated'));
    } catch {
      // The figures stay as they were until the next block brings a refresh; the blocks themselves go on.
    }
  };

  const onVisibility = () => {
    if (document.hidden) {
      hiddenTimer = setTimeout(() => {
        if (state === 'failed' || stopped) return;
        setState('paused');
        feed?.close();
        feed = null;
      }, hiddenGrace);
      return;
    }
    clearTimeout(hiddenTimer);
    if (state === 'paused') connect();
    if (fragmentsDue) refreshFragments();
  };
  document.addEventListener('visibilitychange', onVisibility);

  connect();

  return {
    root,
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(hiddenTimer);
      clearTimeout(fragmentTimer);
      document.removeEventListener('visibilitychange', onVisibility);
      feed?.close();
      feed = null;
    },
  };
}

// A moment in the fund's time zone (China has had one offset all year since 1991), in the pattern the server writes
// with: a .NET custom date and time format, of which the short patterns use these parts.
export function fundTime(at, { pattern, am, pm, label, utcOffsetMinutes }) {
  const t = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  const parts = {
    yyyy: String(t.getUTCFullYear()), yy: String(t.getUTCFullYear() % 100).padStart(2, '0'),
    MM: String(t.getUTCMonth() + 1).padStart(2, '0'), M: String(t.getUTCMonth() + 1),
    dd: String(t.getUTCDate()).padStart(2, '0'), d: String(t.getUTCDate()),
    HH: String(t.getUTCHours()).padStart(2, '0'), H: String(t.getUTCHours()),
    hh: String(t.getUTCHours() % 12 || 12).padStart(2, '0'), h: String(t.getUTCHours() % 12 || 12),
    mm: String(t.getUTCMinutes()).padStart(2, '0'), m: String(t.getUTCMinutes()),
    tt: t.getUTCHours() < 12 ? am : pm,
  };
  const text = pattern.replace(/'([^']*)'|yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|tt/g, (token, quoted) => quoted ?? parts[token]);
  return label.replace('{0}', text);
}
