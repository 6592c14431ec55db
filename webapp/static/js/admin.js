// Admin console: confirm before a key rotation (progressive enhancement; the form works without it).
for (const button of document.querySelectorAll('button[data-confirm]')) {
  button.form.addEventListener('submit', (event) => {
    if (!window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
}

// Copy buttons beside every value an admin pastes into an LMS (set-up guides, "values to paste"). The value stays
// selectable text without script; with it, one press copies it.
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  return ok ? Promise.resolve() : Promise.reject(new Error('copy refused'));
}

for (const value of document.querySelectorAll('.copyable, code.copy')) {
  const text = value.textContent.trim();
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy-button';
  button.textContent = 'Copy';
  button.setAttribute('aria-label', 'Copy ' + text);
  button.dataset.copyValue = text;
  button.addEventListener('click', () => {
    copyText(text).then(() => {
      button.textContent = 'Copied';
      button.dataset.copied = 'true';
      setTimeout(() => { button.textContent = 'Copy'; }, 2000);
    }, () => {
      button.textContent = 'Select and copy by hand';
    });
  });
  value.after(button);
}
