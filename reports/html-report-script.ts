/**
 * The script inlined into index.html: filters (the status chips, and the count cards that show
 * one status or, for the total, every rule), expandable rows, deep links (`#CE-STATE-02` opens
 * that rule) and copy buttons. It makes no request of any kind; the page's
 * Content-Security-Policy would refuse one anyway.
 */
export const htmlReportScript = `
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.rule'));
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="status"]'));
  var group = document.getElementById('group-filter');
  var search = document.getElementById('rule-search');
  var shown = document.getElementById('shown-count');
  var empty = document.getElementById('no-match');
  var cards = Array.prototype.slice.call(document.querySelectorAll('.count[data-show]'));

  function detailOf(row) {
    return document.getElementById(row.getAttribute('data-detail'));
  }

  function setOpen(row, open) {
    var detail = detailOf(row);
    row.classList.toggle('open', open);
    detail.classList.toggle('open', open);
    row.querySelector('.toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  function apply() {
    var statuses = {};
    boxes.forEach(function (box) { if (box.checked) statuses[box.value] = true; });
    var wanted = group.value;
    var query = search.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var visible = statuses[row.getAttribute('data-status')] === true &&
        (wanted === '' || row.getAttribute('data-group') === wanted) &&
        (query === '' || row.getAttribute('data-search').indexOf(query) !== -1);
      row.hidden = !visible;
      detailOf(row).hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = count + ' of ' + rows.length + ' rules shown';
    empty.hidden = count !== 0;
    // A card is pressed while the list shows exactly what it counts.
    var checked = boxes.filter(function (box) { return box.checked; });
    var unfiltered = wanted === '' && query === '';
    cards.forEach(function (card) {
      var status = card.getAttribute('data-show');
      var pressed = unfiltered && (status === ''
        ? checked.length === boxes.length
        : checked.length === 1 && checked[0].value === status);
      card.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    });
  }

  /** Shows the rules of one status, or every rule for ''. */
  function showOnly(status) {
    boxes.forEach(function (box) { box.checked = status === '' || box.value === status; });
    group.value = '';
    search.value = '';
    apply();
  }

  /** Opens the rule the address names (index.html#CE-STATE-02), showing every rule if it is filtered out. */
  function openLinked() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (error) { return; }
    var row = id ? document.getElementById('rule-' + id) : null;
    if (!row || !row.classList.contains('rule')) return;
    if (row.hidden) showOnly('');
    setOpen(row, true);
    // The toggle, as the browser's own scroll to the anchor does; its scroll margin shows the row.
    row.querySelector('.toggle').scrollIntoView({ block: 'start' });
  }

  rows.forEach(function (row) {
    row.addEventListener('click', function (event) {
      if (event.target.closest('a, input, select, .copy, .permalink')) return;
      setOpen(row, !row.classList.contains('open'));
    });
  });
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  cards.forEach(function (card) {
    card.addEventListener('click', function () {
      var status = card.getAttribute('data-show');
      // A pressed card, clicked again, goes back to every rule.
      showOnly(card.getAttribute('aria-pressed') === 'true' ? '' : status);
    });
  });
  group.addEventListener('change', apply);
  search.addEventListener('input', apply);
  var expandAll = document.getElementById('expand-all');
  expandAll.addEventListener('click', function () {
    var open = expandAll.getAttribute('aria-pressed') !== 'true';
    rows.forEach(function (row) { if (!row.hidden || !open) setOpen(row, open); });
    expandAll.setAttribute('aria-pressed', open ? 'true' : 'false');
    expandAll.textContent = open ? 'Collapse all' : 'Expand all';
  });

  function copied(button, ok) {
    button.textContent = ok ? 'Copied' : 'Select and copy';
    button.classList.toggle('done', ok);
    setTimeout(function () { button.textContent = 'Copy'; button.classList.remove('done'); }, 1600);
  }

  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (error) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest('button.permalink');
    if (link) {
      var id = link.getAttribute('data-rule');
      if (location.hash === '#' + id) openLinked();
      else location.hash = id;
      return;
    }
    var button = event.target.closest('button.copy');
    if (!button) return;
    var source = document.getElementById(button.getAttribute('data-copy'));
    var text = source ? source.textContent : '';
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { copied(button, true); },
        function () { copied(button, fallbackCopy(text)); }
      );
    } else {
      copied(button, fallbackCopy(text));
    }
  });

  window.addEventListener('hashchange', openLinked);
  apply();
  openLinked();
})();
`;
