/**
 * The script inlined into index.html: filters, expandable rows and copy buttons. It makes no
 * request of any kind; the page's Content-Security-Policy would refuse one anyway.
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
  }

  rows.forEach(function (row) {
    row.addEventListener('click', function (event) {
      if (event.target.closest('a, input, select, .copy')) return;
      setOpen(row, !row.classList.contains('open'));
    });
  });
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
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

  apply();
})();
`;
