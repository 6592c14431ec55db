// Tables on a narrow screen (instructor, review and admin pages): each row becomes a card with every value under its column's name. The names
// come from the table's own header, so the page carries them once; without scripts the table scrolls sideways.
// Roles are spelled out because some browsers drop a table's semantics once its display is no longer a table.
const roles = { TABLE: 'table', THEAD: 'rowgroup', TBODY: 'rowgroup', TR: 'row', TD: 'cell' };

for (const table of document.querySelectorAll('table.stack')) {
  const head = table.tHead && table.tHead.rows[0];
  if (!head) continue;
  const names = [...head.cells].map((th) => th.textContent.replace(/\s+/g, ' ').trim());
  for (const el of table.querySelectorAll('thead, tbody, tr, td')) el.setAttribute('role', roles[el.tagName]);
  table.setAttribute('role', roles.TABLE);
  for (const th of head.cells) th.setAttribute('role', 'columnheader');
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        if (cell.tagName === 'TH') cell.setAttribute('role', 'rowheader');
        else if (cell.colSpan === 1) cell.dataset.label = names[column] || '';
        column += cell.colSpan;
      }
    }
  }
  // A header of sort links stays, as a row of links; a header of plain names is said by each value instead.
  table.classList.add('stacked', head.querySelector('a') ? 'stacked-sortable' : 'stacked-plain');
}
