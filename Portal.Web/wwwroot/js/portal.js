// The page script of every portal page, with or without a circuit. It is loaded once: enhanced navigation keeps
// it across pages, so it works by delegation on the document and by set-up after each enhanced load.

const themeCookie = 'portal-theme';

// The theme switch: the choice applies at once and is kept for a year, so the server renders it from then on.
document.addEventListener('click', event => {
  const button = event.target instanceof Element ? event.target.closest('[data-theme-set]') : null;
  if (!button) return;
  const mode = button.dataset.themeSet === 'dark' ? 'dark' : 'light';
  document.documentElement.dataset.theme = mode;
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `${themeCookie}=${mode}; path=/; max-age=31536000; samesite=lax${secure}`;
});

// The in-browser checks of pages without a circuit. A [data-check] panel carries what to check as JSON attributes;
// its [data-check-run] button runs the verifier, which writes the results into the panel's [data-check-results].
const checks = {
  record: (view, panel, results) => view.checkRecordInto(results, json(panel, 'indexes'), json(panel, 'shown'), json(panel, 'texts')),
  saved: (view, panel, results) => view.checkSavedInto(results, panel.querySelector('[data-check-input]')?.value ?? '', json(panel, 'texts')),
  receipt: (view, panel, results) => view.checkReceiptInto(results, panel.querySelector('[data-check-input]')?.value ?? '', json(panel, 'texts')),
};

const json = (element, name) => JSON.parse(element.dataset[name] ?? 'null');

document.addEventListener('click', async event => {
  const button = event.target instanceof Element ? event.target.closest('[data-check-run]') : null;
  const panel = button?.closest('[data-check]');
  if (!panel || button.disabled) return;
  const results = panel.querySelector('[data-check-results]');
  if (!results) return;
  const error = panel.querySelector('[data-check-error]');
  const label = button.querySelector('[data-check-label]') ?? button;
  const idle = label.textContent;
  button.disabled = true;
  label.textContent = button.dataset.running ?? idle;
  error?.replaceChildren();
  panel.querySelectorAll('[data-check-idle]').forEach(idleText => { idleText.hidden = true; });
  try {
    const view = await import('./verify-view.js');
    await checks[panel.dataset.check](view, panel, results);
  } catch (failure) {
    // The verifier could not run at all: said loudly, since no check has vouched for anything on the page.
    error?.replaceChildren(couldNotRun(error.dataset.label, failure));
  } finally {
    button.disabled = false;
    label.textContent = idle;
  }
});

function couldNotRun(label, failure) {
  const alert = document.createElement('div');
  alert.className = 'mud-alert mud-alert-filled-error mud-elevation-0 mt-3 could-not-run';
  alert.setAttribute('role', 'alert');
  alert.dataset.testid = 'verify-could-not-run';
  alert.textContent = `${label ?? ''}${failure?.message ?? failure}`;
  return alert;
}

// The saved-checkpoint and receipt checks: a button waits for its checkpoint or receipt, typed, pasted or read from a file.
document.addEventListener('input', event => {
  const input = event.target instanceof Element ? event.target.closest('[data-check-input]') : null;
  if (input) enableRun(input.closest('[data-check]'), input.value);
});

document.addEventListener('change', async event => {
  const picker = event.target instanceof HTMLInputElement && event.target.matches('[data-check-file]') ? event.target : null;
  const panel = picker?.closest('[data-check]');
  const input = panel?.querySelector('[data-check-input]');
  const file = picker?.files?.[0];
  if (!input || !file) return;
  // A checkpoint is a few hundred bytes, a receipt a few kilobytes; anything much larger is neither.
  input.value = file.size <= 64 * 1024 ? await file.text() : '';
  enableRun(panel, input.value);
});

function enableRun(panel, value) {
  const button = panel?.querySelector('[data-check-run]');
  if (button) button.disabled = value.trim() === '';
}

// What a page needs once it is in the document, on the first load and after each enhanced navigation: its charts
// drawn, its live feed followed (and a left page's let go). Then it says the page script is ready (end-to-end tests
// wait for it before they click); again after each navigation, which may replace the root element's attributes.
let live = null;

async function setUpPage() {
  if (document.querySelector('canvas[data-chart]')) {
    const { drawCharts } = await import('./page-charts.js');
    drawCharts();
  }
  const liveRoot = document.querySelector('[data-live-home]');
  if (live && live.root !== liveRoot) {
    live.stop();
    live = null;
  }
  if (liveRoot && !live) {
    const { startLiveHome } = await import('./live-home.js');
    live ??= startLiveHome(liveRoot);
  }
  document.documentElement.dataset.pageScript = 'ready';
}

setUpPage();
window.Blazor?.addEventListener?.('enhancedload', setUpPage);

// A GET filter form leaves out what was not filled in, so the address it makes says only what is filtered.
document.addEventListener('submit', event => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches('[data-drop-empty]')) return;
  for (const field of form.elements) {
    if ((field instanceof HTMLInputElement || field instanceof HTMLSelectElement) && field.name && field.value === '') {
      field.disabled = true;
      // Re-enabled once the form's data is taken, so that going back shows the form as it was.
      setTimeout(() => { field.disabled = false; });
    }
  }
}, true);

// How long ago the data a page shows was committed, kept true while the page stays open and when the page came from
// a cache: the same steps and words as the server's (just now, minutes, hours, then days).
function showAges() {
  for (const age of document.querySelectorAll('[data-age-of]')) {
    const texts = JSON.parse(age.dataset.ageTexts ?? '{}');
    const minutes = (Date.now() - Date.parse(age.dataset.ageOf)) / 60_000;
    const lang = document.documentElement.lang || 'en';
    const text = minutes < 1 ? texts.now
      : minutes < 60 ? texts.minutes?.replace('{0}', String(Math.floor(minutes)))
      : minutes < 60 * 48 ? texts.hours?.replace('{0}', String(Math.floor(minutes / 60)))
      : texts.days?.replace('{0}', new Intl.NumberFormat(lang).format(Math.floor(minutes / 60 / 24)));
    if (text && age.textContent !== text) age.textContent = text;
  }
}

showAges();
setInterval(showAges, 30_000);
window.Blazor?.addEventListener?.('enhancedload', showAges);
document.addEventListener('portal:updated', showAges);

// A record page's feedback form, sent by its own module (loaded only when someone sends one).
document.addEventListener('submit', async event => {
  const form = event.target instanceof HTMLFormElement && event.target.matches('[data-feedback-form]') ? event.target : null;
  if (!form) return;
  event.preventDefault();
  const { send } = await import('./feedback-form.js');
  await send(form);
});
