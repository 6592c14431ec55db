// Instructor pages: every <time data-local datetime="…"> shows its moment in the reader's own time zone and
// language. Without scripts the server's text (UTC) stays.
const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
  { dateStyle: 'medium', timeStyle: 'short' });
for (const time of document.querySelectorAll('time[data-local][datetime]')) {
  const when = new Date(time.getAttribute('datetime'));
  if (!Number.isNaN(when.getTime())) {
    time.title = time.textContent.trim();
    time.textContent = format.format(when);
  }
}
