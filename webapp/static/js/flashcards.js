// Flashcards, retrieval first: the answer is fetched and put in the page only after "Show answer".
import { api, el, t, layoutChanged } from './api.js';

const root = document.getElementById('cards-app');
const live = document.getElementById('cards-live');
const BASE = '/api/flashcards';
// Card reviews that fit the practice's ten minutes after the exercise (docs/timing.md). The stack keeps its place:
// the next visit starts with the cards that are due.
const CARDS_PER_SESSION = 8;
let reviewed = 0;
let keepGoing = false;

function announce(text) {
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

/** The back's *emphasis* as <em>, everything else as text. */
function richText(text) {
  return text.split(/(\*[^*]+\*)/).filter(Boolean)
    .map((part) => (part.startsWith('*') && part.endsWith('*') ? el('em', {}, part.slice(1, -1)) : part));
}

function progress(deck) {
  const label = t('cards.progress', deck.retired, deck.total);
  return el('div', { class: 'card-progress' },
    el('p', { id: 'cards-progress-text' }, label),
    el('progress', { max: deck.total, value: deck.retired, 'aria-labelledby': 'cards-progress-text' }));
}

function render(deck, focusSelector) {
  const box = el('div', { class: 'deck' }, progress(deck));
  if (!deck.done && reviewed >= CARDS_PER_SESSION && !keepGoing) {
    box.append(el('p', { class: 'cards-session-done', tabindex: '-1' }, t('cards.sessionDone', reviewed)),
      el('button', { type: 'button', class: 'keep-going', onclick: () => { keepGoing = true; render(deck, '.card-front'); } }, t('cards.keepGoing')));
  } else if (deck.done) {
    box.append(el('p', { class: 'cards-done', tabindex: '-1' }, t('cards.done')),
      el('button', { type: 'button', onclick: restart }, t('cards.restart')));
  } else {
    const card = deck.current;
    const front = el('div', { class: 'card', id: 'card-' + card.id },
      el('p', { class: 'card-label' }, t('cards.question')),
      el('p', { class: 'card-front', tabindex: '-1' }, card.front),
      el('p', { class: 'hint' }, t('cards.recalls', card.recalls)));
    const show = el('button', { type: 'button', class: 'primary show-answer', onclick: () => flip(deck, front, show) }, t('cards.show'));
    box.append(front, show);
  }
  root.replaceChildren(box);
  if (focusSelector) root.querySelector(focusSelector)?.focus();
  layoutChanged();
}

async function flip(deck, front, button) {
  button.disabled = true;
  try {
    const back = await api('GET', `${BASE}/cards/${encodeURIComponent(deck.current.id)}/back`);
    const answer = el('div', { class: 'card-back', tabindex: '-1' },
      el('p', { class: 'card-label' }, t('cards.answer')), el('p', {}, ...richText(back.back)));
    const actions = el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'again', onclick: () => recall(deck, 'again') }, t('cards.again')),
      el('button', { type: 'button', class: 'primary knew', onclick: () => recall(deck, 'knew') }, t('cards.knew')));
    front.append(answer);
    button.replaceWith(actions);
    answer.focus();
    layoutChanged();
  } catch (err) {
    button.disabled = false;
    root.append(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

async function recall(deck, result) {
  try {
    const next = await api('POST', `${BASE}/cards/${encodeURIComponent(deck.current.id)}/recall`, { result });
    reviewed += 1;
    const pause = !next.done && reviewed >= CARDS_PER_SESSION && !keepGoing;
    render(next, next.done ? '.cards-done' : pause ? '.cards-session-done' : '.card-front');
    announce((result === 'again' ? t('cards.againDone') : t('cards.knewDone')) + ' ' + t('cards.progress', next.retired, next.total));
  } catch (err) {
    root.append(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

async function restart() {
  try {
    render(await api('POST', `${BASE}/restart`), '.card-front');
  } catch (err) {
    root.append(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

if (root) {
  api('GET', BASE).then((deck) => render(deck)).catch((err) => {
    root.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  });
}
