// Admin console: confirm before a key rotation (progressive enhancement; the form works without it).
for (const button of document.querySelectorAll('button[data-confirm]')) {
  button.form.addEventListener('submit', (event) => {
    if (!window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
}
