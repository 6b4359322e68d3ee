/* Search over plans, tasks and agencies with MiniSearch (vendored, MIT). Typed words are folded
   (lower case, no diacritics, đ -> d) both when indexing and when searching, so "so giao duc" finds
   "Sở Giáo dục". The index is a script (search-index.js), so search works from files opened directly. */
(function () {
  'use strict';
  var data = window.PLANS_SEARCH;
  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  var status = document.getElementById('search-status');
  var results = document.getElementById('results');
  if (!data || !window.MiniSearch || !input) { return; }

  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  }

  var index = new MiniSearch({
    fields: ['t', 'a', 'd'],
    storeFields: ['k', 't', 'd', 'u'],
    processTerm: function (term) { var f = fold(term); return f.length ? f : null; }
  });
  index.addAll(data.docs);

  var ORDER = ['agency', 'group', 'plan', 'task'];
  var PER_KIND = 30;

  function show(q) {
    results.textContent = '';
    q = q.trim();
    if (!q) { status.textContent = ''; return; }
    var hits = index.search(q, { prefix: true, fuzzy: 0.15, combineWith: 'AND', boost: { t: 2, a: 2 } });
    status.textContent = hits.length ? data.count.replace('{n}', hits.length) : data.labels.search_none;
    ORDER.forEach(function (kind) {
      var these = hits.filter(function (h) { return h.k === kind; });
      if (!these.length) { return; }
      var section = document.createElement('section');
      var h2 = document.createElement('h2');
      h2.textContent = data.labels['kind_' + kind] + ' (' + these.length + ')';
      section.appendChild(h2);
      var ul = document.createElement('ul');
      ul.className = 'results';
      these.slice(0, PER_KIND).forEach(function (h) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = h.u;
        a.textContent = h.t;
        li.appendChild(a);
        if (h.d) {
          var small = document.createElement('span');
          small.className = 'muted';
          small.textContent = ' — ' + h.d;
          li.appendChild(small);
        }
        ul.appendChild(li);
      });
      section.appendChild(ul);
      if (these.length > PER_KIND) {
        var more = document.createElement('p');
        more.textContent = data.more.replace('{n}', these.length - PER_KIND);
        section.appendChild(more);
      }
      results.appendChild(section);
    });
  }

  var q = new URLSearchParams(window.location.search).get('q') || '';
  input.value = q;
  show(q);
  input.addEventListener('input', function () { show(input.value); });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    show(input.value);
    if (window.history && window.history.replaceState) {
      try { window.history.replaceState(null, '', '?q=' + encodeURIComponent(input.value)); } catch (err) { /* file: URLs */ }
    }
  });
})();
