// Sends an auto-submitting form (a form marked data-autosubmit, e.g. the deep linking response to the LMS) on as
// soon as the page loads. Without JavaScript the page shows the form's own button instead.
const form = document.querySelector('form[data-autosubmit]');
if (form) {
  form.submit();
}
