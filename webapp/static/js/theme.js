// Auto / Light / Dark: the device's preference unless the student picks one (remembered on this device).
const root = document.documentElement;
const choice = document.getElementById('theme-choice');
const select = document.getElementById('theme-select');
const KEY = 'attention-lesson-theme';

function read() {
  try { return localStorage.getItem(KEY) || 'auto'; } catch { return 'auto'; }
}

function apply(value) {
  if (value === 'light' || value === 'dark') root.dataset.theme = value;
  else delete root.dataset.theme;
}

apply(read());
if (choice && select) {
  select.value = read();
  choice.hidden = false;
  select.addEventListener('change', () => {
    apply(select.value);
    try { localStorage.setItem(KEY, select.value); } catch { /* storage blocked in some frames */ }
  });
}
