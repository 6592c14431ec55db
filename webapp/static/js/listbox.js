// A single-select listbox of a sentence's words (WAI-ARIA APG listbox): one tab stop with a roving tabindex;
// arrows move, Home/End jump, Space or Enter selects; selection does not follow focus. The pronoun is shown and
// focusable but marked aria-disabled, so it cannot be chosen.
import { el, t } from './api.js';

let counter = 0;

export function wordListbox({ tokens, pronoun, labelledBy, describedBy, selected, marks = {}, onSelect }) {
  const id = 'lb' + (++counter);
  const list = el('ul', {
    role: 'listbox', class: 'words', 'aria-labelledby': labelledBy, 'aria-describedby': describedBy,
    'aria-orientation': 'horizontal',
  });
  const options = tokens.map((word, i) => {
    const isPronoun = i === pronoun;
    const option = el('li', {
      role: 'option', id: `${id}-${i}`, class: 'word' + (isPronoun ? ' is-pronoun' : ''),
      'aria-selected': String(i === selected), 'aria-disabled': isPronoun ? 'true' : null, tabindex: '-1',
      'data-index': i,
    }, el('span', { class: 'word-text' }, word));
    if (isPronoun) option.append(el('span', { class: 'tag' }, t('exercise.pronoun')));
    if (marks[i]) option.append(el('span', { class: 'tag tag-mine' }, marks[i]));
    return option;
  });
  list.append(...options);

  let focused = selected != null && selected >= 0 ? selected : (pronoun === 0 ? 1 : 0);
  options[focused].tabIndex = 0;

  const move = (to) => {
    const next = Math.max(0, Math.min(options.length - 1, to));
    options[focused].tabIndex = -1;
    focused = next;
    options[focused].tabIndex = 0;
    options[focused].focus();
  };
  const choose = (i) => {
    if (i === pronoun) return;
    options.forEach((o, j) => o.setAttribute('aria-selected', String(i === j)));
    onSelect(i);
  };
  list.addEventListener('keydown', (e) => {
    const rtl = getComputedStyle(list).direction === 'rtl';
    const fwd = rtl ? 'ArrowLeft' : 'ArrowRight';
    const back = rtl ? 'ArrowRight' : 'ArrowLeft';
    if (e.key === fwd || e.key === 'ArrowDown') move(focused + 1);
    else if (e.key === back || e.key === 'ArrowUp') move(focused - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(options.length - 1);
    else if (e.key === ' ' || e.key === 'Enter') choose(focused);
    else return;
    e.preventDefault();
  });
  list.addEventListener('click', (e) => {
    const option = e.target.closest('[role=option]');
    if (!option) return;
    const i = Number(option.dataset.index);
    move(i);
    choose(i);
  });
  return list;
}
