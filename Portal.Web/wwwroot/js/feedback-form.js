// Sends a record page's feedback form to the public feedback API as an anonymous caller (no cookie goes with it,
// so no antiforgery token is needed and the page stays the same for every reader), then shows the refusal or the
// receipt, which the reader can download and keep.

export async function send(form) {
  const messages = JSON.parse(form.dataset.messages ?? '{}');
  const error = form.querySelector('[data-feedback-error]');
  const submit = form.querySelector('[data-feedback-submit]');
  const receiptPanel = form.querySelector('[data-feedback-receipt]');
  const value = name => form.elements.namedItem(name)?.value?.trim() ?? '';
  const kind = value('kind');
  const body = { kind, text: value('text') };
  if (kind === 'complaint') body.category = value('category');
  if (value('contact')) body.contact = value('contact');

  error.textContent = '';
  if (!body.text) return say(error, messages.textRequired);
  if (kind === 'complaint' && !body.category) return say(error, messages.categoryRequired);

  const files = [...(form.elements.namedItem('photos')?.files ?? [])];
  if (files.length > 5 || files.some(f => f.size > 5 * 1024 * 1024 || !['image/png', 'image/jpeg'].includes(f.type))) {
    return say(error, messages.photos);
  }

  submit.disabled = true;
  try {
    if (files.length > 0) {
      body.photoSha256 = [];
      for (const file of files) {
        const uploaded = await fetch('/api/feedback/photos', {
          method: 'POST', credentials: 'omit', headers: { 'Content-Type': file.type }, body: file,
        });
        if (uploaded.status === 429) return say(error, messages.tooMany);
        const answer = await uploaded.json().catch(() => null);
        if (!uploaded.ok) return say(error, `${messages.failed} ${answer?.detail ?? uploaded.statusText}`);
        body.photoSha256.push(answer.sha256);
      }
    }
    const response = await fetch(form.dataset.action, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status === 429) return say(error, messages.tooMany);
    const answer = await response.json().catch(() => null);
    if (!response.ok) return say(error, `${messages.failed} ${answer?.detail ?? response.statusText}`);
    showReceipt(receiptPanel, answer, messages);
    form.querySelector('#feedback-text').value = '';
    form.querySelector('#feedback-contact').value = '';
    form.querySelector('#feedback-photos').value = '';
  } catch (failure) {
    say(error, `${messages.failed} ${failure?.message ?? failure}`);
  } finally {
    submit.disabled = false;
  }
}

function say(element, text) {
  element.textContent = text;
  element.hidden = false;
}

function showReceipt(panel, receipt, messages) {
  const file = new Blob([JSON.stringify(receipt, null, 2)], { type: 'application/json' });
  const link = panel.querySelector('[data-receipt-download]');
  link.href = URL.createObjectURL(file);
  link.download = `portal-feedback-${receipt.feedbackId}-receipt.json`;
  panel.querySelector('[data-receipt-text]').textContent =
    (messages.received ?? '').replace('{0}', receipt.feedbackId).replace('{1}', receipt.ledgerIndex);
  panel.hidden = false;
}
