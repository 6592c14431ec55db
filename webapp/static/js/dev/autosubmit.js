// Sends the LMS's auto-submitting form (login initiation, launch) on as soon as the page loads. Without
// JavaScript the page shows the form's own button instead.
const form = document.querySelector("form[data-autosubmit]");
if (form) {
  form.submit();
}
