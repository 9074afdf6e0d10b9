// govextract review page. Everything shown comes from inert JSON blocks and is put into the
// DOM as text (textContent, Text nodes); the page's CSP also enforces Trusted Types with no
// policy, so an HTML string could not be parsed even by mistake. Documents are parsed and
// rendered only when opened, which keeps a page of thousands of documents fast to open.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const INDEX = JSON.parse($('review-index').textContent);
  const CATS = INDEX.categories;
  const DOCS = INDEX.docs;
  const GOLD = INDEX.gold;
  const NAMES = { officials: 'Officials', places: 'Places', dates: 'Dates', quantities: 'Quantities', slogans: 'Slogans' };
  const ONE = { officials: 'official', places: 'place', dates: 'date', quantities: 'quantity', slogans: 'slogan' };
  const SCORE_NAMES = ['officials', 'officials_title', 'places', 'dates', 'quantities', 'quantities_subject', 'quantities_target', 'slogans', 'slogan_items'];
  const CMP = { eq: '=', ge: '≥', le: '≤', gt: '>', approx: '≈' };

  let visible = [];     // indexes of the documents the list shows, in order
  let current = -1;     // index of the open document
  let doc = null;       // its payload
  let mentions = [];    // its mentions: {id, cat, item, start, end, s, e} (s/e: UTF-16 offsets)
  let extras = new Set();
  let pending = -1;     // a document asked for before its block was parsed

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  const dash = (v) => (v === null || v === undefined || v === '' ? '—' : String(v));
  const num = (v) => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 6 }) : dash(v));
  const basename = (s) => String(s).split('#')[0].split('/').pop() + (String(s).includes('#') ? '#' + String(s).split('#').slice(1).join('#') : '');

  function score(t) {
    const [tp, fp, fn] = t;
    const p = tp + fp ? tp / (tp + fp) : 1;
    const r = tp + fn ? tp / (tp + fn) : 1;
    return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, tp, fp, fn };
  }

  function scoresTable(scores, caption) {
    const table = el('table', 'scores');
    if (caption) table.append(el('caption', null, caption));
    const head = el('tr');
    ['category', 'P', 'R', 'F1', 'tp', 'fp', 'fn'].forEach((h, k) => head.append(el('th', k ? 'num' : null, h)));
    const thead = el('thead');
    thead.append(head);
    table.append(thead);
    const body = el('tbody');
    SCORE_NAMES.forEach((name) => {
      if (!scores[name]) return;
      const s = score(scores[name]);
      const tr = el('tr');
      tr.dataset.name = name;
      tr.append(el('td', null, name));
      [s.p.toFixed(3), s.r.toFixed(3), s.f1.toFixed(3), s.tp, s.fp, s.fn].forEach((v) => tr.append(el('td', 'num', v)));
      body.append(tr);
    });
    table.append(body);
    return table;
  }

  // ---- header: summary, legend, gold totals, problems ----
  function buildHeader() {
    const errors = DOCS.filter((d) => d.e).length;
    $('summary').textContent = `${DOCS.length} documents · ${DOCS.length - errors} records · ${errors} error records` +
      (INDEX.versions.length ? ` · pipeline ${INDEX.versions.join(', ')}` : '');
    const legend = $('legend');
    const totals = CATS.map((c, k) => DOCS.reduce((n, d) => n + d.c[k], 0));
    CATS.forEach((cat, k) => {
      const label = el('label');
      const box = el('input');
      box.type = 'checkbox';
      box.checked = true;
      box.id = 'show-' + cat;
      box.addEventListener('change', () => document.body.classList.toggle('hide-' + cat, !box.checked));
      label.append(box, ' ', el('span', 'swatch sw-' + cat, NAMES[cat]), ` ${totals[k]}`);
      legend.append(label);
    });
    legend.append(el('span', 'swatch sw-target', 'target'), el('span', 'swatch sw-quantities', 'achieved figure'),
      el('span', 'swatch sw-overlap', 'overlapping mentions'));
    if (GOLD) legend.append(el('span', 'swatch sw-extra', 'extra (not in gold)'));
    if (GOLD) {
      const box = $('gold-total');
      box.hidden = false;
      const main = CATS.map((c) => `${c} ${score(GOLD.scores[c]).f1.toFixed(3)}`).join(' · ');
      box.querySelector('summary').textContent = `Gold ${GOLD.file}: F1 ${main}`;
      const body = $('gold-total-body');
      body.append(scoresTable(GOLD.scores, 'All documents (as govextract eval scores them)'));
      if (GOLD.missing.length) {
        body.append(el('p', null, `Gold documents without a prediction (${GOLD.missing.length}):`));
        const ul = el('ul', 'gold-missing');
        GOLD.missing.forEach((m) => ul.append(el('li', null, m)));
        body.append(ul);
      }
      $('filter-diff-label').hidden = false;
    }
    if (INDEX.problems.length) {
      $('problems').hidden = false;
      $('problems-summary').textContent = `${INDEX.problems.length} problem${INDEX.problems.length > 1 ? 's' : ''}: sources that could not be read, invalid lines`;
      const ul = $('problems-list');
      INDEX.problems.forEach((p) => ul.append(el('li', null, p)));
    }
    const sel = $('filter-cat');
    CATS.forEach((cat) => {
      const o = el('option', null, 'has ' + NAMES[cat].toLowerCase());
      o.value = cat;
      sel.append(o);
    });
  }

  // ---- document list ----
  // Rows are made when first listed and the list shows CHUNK of them at a time ("show more",
  // or moving past the end extends it): laying out thousands of rows would cost more than
  // opening the page itself.
  const CHUNK = 200;
  const rows = new Map();
  let listed = 0;       // how many of `visible` the list shows

  function makeRow(i) {
    const d = DOCS[i];
    const li = el('li');
    li.id = 'li' + i;
    li.dataset.i = i;
    li.tabIndex = -1;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    const title = d.t || (d.e ? 'error: ' + basename(d.s) : '(no title)');
    li.append(el('span', 'li-title', title), el('span', 'li-source', basename(d.s) + (d.p ? ' · ' + d.p : '')));
    const counts = el('span', 'counts');
    CATS.forEach((cat, k) => {
      const c = el('span', 'count sw-' + cat, d.c[k]);
      c.title = NAMES[cat];
      c.dataset.cat = cat;
      counts.append(c);
    });
    if (d.e) counts.append(el('span', 'badge', 'error'));
    if (d.u) counts.append(el('span', 'badge', 'no text'));
    if (d.w) counts.append(el('span', 'badge warn', d.w + (d.w > 1 ? ' warnings' : ' warning')));
    if (d.tg) counts.append(el('span', 'badge tgt', 'targets'));
    if (d.x || d.m) counts.append(el('span', 'badge diff', [d.x ? `${d.x} extra` : '', d.m ? `${d.m} missed` : ''].filter(Boolean).join(' · ')));
    li.append(counts);
    return li;
  }

  function row(i) {
    if (!rows.has(i)) rows.set(i, makeRow(i));
    return rows.get(i);
  }

  function listUpTo(n) {
    n = Math.min(visible.length, n);
    if (n > listed) {
      const frag = document.createDocumentFragment();
      for (let p = listed; p < n; p++) frag.append(row(visible[p]));
      $('doc-list').append(frag);
      listed = n;
    }
    const more = $('list-more');
    const left = visible.length - listed;
    more.hidden = left <= 0;
    more.textContent = `Show ${Math.min(CHUNK, left)} more (${left} not listed yet)`;
  }

  function applyFilters() {
    const terms = $('search').value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const k = CATS.indexOf($('filter-cat').value);
    const errs = $('filter-errors').checked, warns = $('filter-warnings').checked;
    const tgts = $('filter-targets').checked, diff = $('filter-diff').checked;
    visible = [];
    DOCS.forEach((d, i) => {
      if ((!errs || d.e || d.u) && (!warns || d.w) && (!tgts || d.tg) && (!diff || d.x || d.m) &&
        (k < 0 || d.c[k] > 0) && terms.every((t) => d.q.includes(t))) visible.push(i);
    });
    $('doc-list').textContent = '';
    listed = 0;
    listUpTo(CHUNK);
    $('list-count').textContent = `${visible.length} of ${DOCS.length} documents`;
    const pos = visible.indexOf(current);
    if (pos >= listed) listUpTo(Math.ceil((pos + 1) / CHUNK) * CHUNK);   // keep the open one listed
    if (visible.length && pos < 0) open(visible[0]);
  }

  function step(delta, focusList) {
    if (!visible.length) return;
    const pos = visible.indexOf(current);
    const next = pos < 0 ? 0 : Math.min(visible.length - 1, Math.max(0, pos + delta));
    open(visible[next], focusList);
  }

  // ---- one document ----
  function open(i, focusList) {
    if (i < 0 || i >= DOCS.length) return;
    const prev = rows.get(current);
    if (prev) {
      prev.setAttribute('aria-selected', 'false');
      prev.tabIndex = -1;
    }
    current = i;
    const pos = visible.indexOf(i);
    if (pos >= listed) listUpTo(Math.ceil((pos + 1) / CHUNK) * CHUNK);
    const li = row(i);
    li.setAttribute('aria-selected', 'true');
    li.tabIndex = 0;
    if (li.isConnected) li.scrollIntoView({ block: 'nearest' });
    if (focusList && li.isConnected) li.focus();
    doc = payload(i);
    if (!doc) {   // its block is not parsed yet: the page is still loading
      pending = i;
      ['doc-meta', 'doc-notes', 'gold-doc', 'text', 'misses', 'tables', 'card'].forEach((id) => { $(id).textContent = ''; });
      $('doc-title').textContent = 'Loading…';
      return;
    }
    render();
    $('doc').scrollTop = 0;
  }

  // A document's inert JSON block, once the parser is past it (the script runs before the later
  // blocks are parsed, so the first document shows while the rest of the file still loads).
  function payload(i) {
    const block = $('d' + i);
    if (!block || (document.readyState === 'loading' && !block.nextSibling)) return null;
    const d = JSON.parse(block.textContent);
    if (d.kind === 'record') {
      CATS.forEach((cat) => {
        const t = d[cat];
        d[cat] = t.r.map((row) => {
          const it = {};
          t.k.forEach((k, j) => { it[k] = row[j]; });
          if (it.mentions) it.mentions = it.mentions.map((m) => ({ start: m[0], end: m[1] }));
          if (it.mention) it.mention = { start: it.mention[0], end: it.mention[1] };
          return it;
        });
      });
    }
    return d;
  }

  function collectMentions(d) {
    const out = [];
    if (d.kind !== 'record') return out;
    CATS.forEach((cat) => (d[cat] || []).forEach((it, k) => {
      const ms = it.mentions || (it.mention ? [it.mention] : []);
      ms.forEach((m) => out.push({ id: out.length, cat, item: k, start: m.start, end: m.end }));
    }));
    return out;
  }

  // Record offsets count code points; JS strings count UTF-16 units. Map only when they differ.
  function codeUnitMap(text) {
    if (!/[\uD800-\uDBFF]/.test(text)) return null;
    const map = [];
    let cu = 0;
    for (const ch of text) {
      map.push(cu);
      cu += ch.length;
    }
    map.push(cu);
    return map;
  }

  function isTarget(m) {
    return m.cat === 'quantities' && doc.quantities[m.item].is_target === true;
  }

  function renderText(box, text) {
    box.textContent = '';
    if (text === null || text === undefined) return [];
    const map = codeUnitMap(text);
    const n = map ? map.length - 1 : text.length;
    const good = [], bad = [];
    mentions.forEach((m) => (Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 &&
      m.start < m.end && m.end <= n ? good : bad).push(m));
    good.forEach((m) => { m.s = map ? map[m.start] : m.start; m.e = map ? map[m.end] : m.end; });
    good.sort((a, b) => a.s - b.s || b.e - a.e || CATS.indexOf(a.cat) - CATS.indexOf(b.cat) || a.id - b.id);
    const cuts = new Set([0, text.length]);
    good.forEach((m) => { cuts.add(m.s); cuts.add(m.e); });
    const pts = Array.from(cuts).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    let active = [];
    let next = 0;
    for (let k = 0; k + 1 < pts.length; k++) {
      const a = pts[k], b = pts[k + 1];
      active = active.filter((m) => m.e > a);
      while (next < good.length && good[next].s === a) active.push(good[next++]);
      let node = document.createTextNode(text.slice(a, b));
      // One span per mention per segment, outermost first; a mention's first piece is its
      // focusable head (.mention), so highlights per category equal the record's mentions.
      for (let t = active.length - 1; t >= 0; t--) {
        const m = active[t];
        const span = el('span', 'hl c-' + m.cat);
        span.dataset.mid = m.id;
        if (a === m.s) {
          span.classList.add('mention');
          span.dataset.cat = m.cat;
          span.dataset.item = m.item;
          span.tabIndex = 0;
          span.setAttribute('role', 'button');
          span.setAttribute('aria-label', ONE[m.cat] + ' ' + text.slice(m.s, m.e));
        }
        if (active.length > 1) span.classList.add('overlap');
        if (extras.has(m.cat + ':' + m.item)) span.classList.add('extra');
        if (isTarget(m)) span.classList.add('target');
        span.append(node);
        node = span;
      }
      frag.append(node);
    }
    box.append(frag);
    return bad;
  }

  function render() {
    const d = doc;
    extras = new Set();
    if (d.gold && d.gold.extras) Object.entries(d.gold.extras).forEach(([cat, ks]) => ks.forEach((k) => extras.add(cat + ':' + k)));
    mentions = collectMentions(d);
    $('doc-title').textContent = d.title || (d.kind === 'error' ? 'Error record: ' + basename(d.source) : '(no title)');
    const meta = $('doc-meta');
    meta.textContent = '';
    if (d.kind === 'record') {
      meta.append(el('span', 'published', `published ${dash(d.published)} (basis: ${d.published_basis})`),
        ` · script ${d.script} · `);
    }
    meta.append(el('span', 'source', d.source), d.doc_id ? ` · doc_id ${d.doc_id.slice(0, 12)}…` : '');

    const notes = $('doc-notes');
    notes.textContent = '';
    if (d.kind === 'error') notes.append(el('div', 'note error', `Error record — stage ${d.stage}: ${d.reason}`));
    if (d.problem) notes.append(el('div', 'note error text-problem', 'Text not shown: ' + d.problem));
    (d.warnings || []).forEach((w) => notes.append(el('div', 'note warning', 'Warning: ' + w)));

    const gd = $('gold-doc');
    gd.textContent = '';
    if (d.gold && d.gold.absent) gd.append(el('div', 'note', 'This document is not in the gold file.'));
    else if (d.gold) gd.append(scoresTable(d.gold.scores, 'This document against gold'));

    const bad = renderText($('text'), d.text);
    if (bad.length) {
      notes.append(el('div', 'note error', `${bad.length} mention(s) have offsets outside the text: ` +
        bad.slice(0, 10).map((m) => `${ONE[m.cat]} [${m.start}, ${m.end})`).join(', ')));
    }
    renderMisses();
    renderTables();
    resetCard();
  }

  // ---- detail card ----
  function resetCard() {
    const card = $('card');
    card.textContent = '';
    card.append(el('p', 'hint', doc.kind === 'record' ? 'Click or focus a highlight (or a table row) to see its item.' : ''));
    document.querySelectorAll('#text .sel').forEach((e) => e.classList.remove('sel'));
  }

  function kv(table, key, value) {
    const tr = el('tr');
    tr.dataset.key = key;
    const td = el('td');
    if (value instanceof Node) td.append(value);
    else td.textContent = dash(value);
    tr.append(el('th', null, key), td);
    table.append(tr);
  }

  function itemCard(cat, k, written) {
    const it = doc[cat][k];
    const box = el('div', 'card-item');
    box.dataset.cat = cat;
    box.dataset.item = k;
    const h = el('h3');
    h.append(el('span', 'swatch sw-' + cat, ONE[cat]), ' ', el('span', 'card-name', it.name || it.text));
    box.append(h);
    if (GOLD && doc.gold && !doc.gold.absent) {
      box.append(extras.has(cat + ':' + k) ? el('span', 'tag extra', 'extra: no gold item matches') : el('span', 'tag ok', 'matches gold'));
    }
    const t = el('table', 'kv');
    const name = it.name || it.text;
    if (written !== undefined && written !== name) kv(t, 'as written', written);
    if (cat === 'officials') {
      kv(t, 'role', it.role);
      const ul = el('ul', 'positions');
      it.positions.forEach((p) => ul.append(el('li', null, `${p.title}${p.org ? ' — ' + p.org : ''}${p.text && p.text !== p.title ? ' (as written: ' + p.text + ')' : ''}`)));
      kv(t, 'positions', it.positions.length ? ul : null);
      kv(t, 'org', it.positions.map((p) => p.org).filter(Boolean).join('；'));
      kv(t, 'mentions', it.mentions.length);
    } else if (cat === 'places') {
      kv(t, 'canonical', it.canonical);
      kv(t, 'adcode', it.adcode);
      kv(t, 'level', it.level);
      kv(t, 'mentions', it.mentions.length);
    } else if (cat === 'dates') {
      kv(t, 'start', it.start);
      kv(t, 'end', it.end);
      kv(t, 'granularity', it.granularity);
      kv(t, 'modifier', it.modifier);
    } else if (cat === 'quantities') {
      kv(t, 'value', it.value_max === null || it.value_max === undefined ? num(it.value) : `${num(it.value)} – ${num(it.value_max)}`);
      kv(t, 'unit', it.unit);
      kv(t, 'kind', it.kind);
      kv(t, 'comparator', `${CMP[it.comparator] || ''} ${it.comparator}`);
      kv(t, 'subject', it.subject);
      kv(t, 'place', it.place);
      kv(t, 'period', it.period);
      kv(t, 'is_target', it.is_target ? el('span', 'tag target', 'target (a goal)') : el('span', 'tag achieved', 'achieved (a reported figure)'));
      kv(t, 'group', it.group);
    } else if (cat === 'slogans') {
      kv(t, 'number', it.number);
      kv(t, 'head', it.head);
      const ol = el('ol', 'slogan-items');
      it.items.forEach((x) => ol.append(el('li', null, x)));
      kv(t, 'items', it.items.length ? ol : null);
      kv(t, 'items complete', it.items_complete ? 'yes' : 'no');
      kv(t, 'mentions', it.mentions.length);
    }
    box.append(t);
    return box;
  }

  function showMentions(mids) {
    resetCard();
    const card = $('card');
    card.textContent = '';
    mids.forEach((mid) => {
      document.querySelectorAll(`#text [data-mid="${Number(mid)}"]`).forEach((e) => e.classList.add('sel'));
      const m = mentions[mid];
      card.append(itemCard(m.cat, m.item, doc.text.slice(m.s, m.e)));
    });
  }

  function showItem(cat, k) {
    const head = document.querySelector(`#text .mention[data-cat="${cat}"][data-item="${Number(k)}"]`);
    if (head) {
      head.scrollIntoView({ block: 'center' });
      head.focus();
      return;
    }
    resetCard();
    $('card').textContent = '';
    $('card').append(itemCard(cat, k));
  }

  // Innermost first: the highlight clicked, then the ones it sits in.
  function midsAt(node) {
    const mids = [];
    for (let e = node; e && e.id !== 'text'; e = e.parentElement) {
      if (e.classList && e.classList.contains('hl')) mids.push(Number(e.dataset.mid));
    }
    return mids;
  }

  // ---- tables and misses beside the text ----
  const COLS = {
    officials: [['name', (it) => it.name], ['role', (it) => it.role],
      ['positions', (it) => it.positions.map((p) => (p.org ? p.org + ' ' : '') + p.title).join('；')]],
    places: [['name', (it) => it.name], ['canonical', (it) => it.canonical], ['adcode', (it) => it.adcode], ['level', (it) => it.level]],
    dates: [['text', (it) => it.text], ['start', (it) => it.start], ['end', (it) => it.end], ['granularity', (it) => it.granularity]],
    quantities: [['text', (it) => it.text], ['value', (it) => num(it.value)], ['unit', (it) => it.unit],
      ['cmp', (it) => CMP[it.comparator] || it.comparator], ['subject', (it) => it.subject], ['period', (it) => it.period],
      ['target', (it) => (it.is_target ? 'target' : '')]],
    slogans: [['text', (it) => it.text], ['items', (it) => it.items.join('、')]],
  };

  function renderTables() {
    const box = $('tables');
    box.textContent = '';
    if (doc.kind !== 'record') return;
    CATS.forEach((cat) => {
      const items = doc[cat] || [];
      const table = el('table', 'items');
      table.id = 't-' + cat;
      const cap = el('caption');
      cap.append(el('span', 'swatch sw-' + cat, NAMES[cat]), ` ${items.length}`);
      table.append(cap);
      const head = el('tr');
      COLS[cat].forEach(([h]) => head.append(el('th', null, h)));
      const thead = el('thead');
      thead.append(head);
      table.append(thead);
      const body = el('tbody');
      items.forEach((it, k) => {
        const tr = el('tr', extras.has(cat + ':' + k) ? 'extra' : null);
        tr.dataset.cat = cat;
        tr.dataset.item = k;
        tr.tabIndex = 0;
        COLS[cat].forEach(([, f]) => tr.append(el('td', null, dash(f(it)))));
        body.append(tr);
      });
      table.append(body);
      box.append(table);
    });
  }

  // Per scored category: the gold units nothing matched, and the extracted units gold lacks
  // (for the main categories those extras are also outlined in the text).
  function renderMisses() {
    const box = $('misses');
    box.textContent = '';
    if (!doc.gold || doc.gold.absent) return;
    const wrap = el('div', 'misses');
    const missed = (n) => doc.gold.misses[n] || [];
    const extra = (n) => (doc.gold.extra_units || {})[n] || [];
    const names = SCORE_NAMES.filter((n) => missed(n).length || extra(n).length);
    wrap.append(el('h3', null, names.length ? 'Differences from gold' : 'Differences from gold: none'));
    names.forEach((n) => {
      const section = el('section');
      section.dataset.name = n;
      section.append(el('h4', null, n));
      const ul = el('ul');
      missed(n).forEach((x) => ul.append(el('li', 'miss', 'missed: ' + x)));
      extra(n).forEach((x) => ul.append(el('li', 'extra-unit', 'extra: ' + x)));
      section.append(ul);
      wrap.append(section);
    });
    box.append(wrap);
  }

  // ---- events ----
  function wire() {
    const text = $('text');
    text.addEventListener('click', (e) => {
      const mids = midsAt(e.target);
      if (mids.length) showMentions(mids);
    });
    text.addEventListener('focusin', (e) => {
      if (e.target.classList.contains('mention')) showMentions(midsAt(e.target));
    });
    text.addEventListener('keydown', (e) => {
      if ((e.key === 'Enter' || e.key === ' ') && e.target.classList.contains('mention')) {
        e.preventDefault();
        showMentions(midsAt(e.target));
      }
    });
    const tables = $('tables');
    const pick = (e) => {
      const tr = e.target.closest('tr[data-cat]');
      if (tr) showItem(tr.dataset.cat, Number(tr.dataset.item));
    };
    tables.addEventListener('click', pick);
    tables.addEventListener('keydown', (e) => { if (e.key === 'Enter') pick(e); });
    $('list-more').addEventListener('click', () => listUpTo(listed + CHUNK));
    const list = $('doc-list');
    list.addEventListener('click', (e) => {
      const li = e.target.closest('li');
      if (li) open(Number(li.dataset.i), true);
    });
    list.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        step(e.key === 'ArrowDown' ? 1 : -1, true);
      } else if (e.key === 'Home' || e.key === 'End') {
        e.preventDefault();
        if (visible.length) open(visible[e.key === 'Home' ? 0 : visible.length - 1], true);
      }
    });
    let timer = 0;
    $('search').addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(applyFilters, 60);
    });
    ['filter-cat', 'filter-errors', 'filter-warnings', 'filter-targets', 'filter-diff'].forEach((id) => $(id).addEventListener('change', applyFilters));
    document.addEventListener('keydown', (e) => {
      const tag = e.target.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') {
        if (e.key === 'Escape') e.target.blur();
        if (e.key === 'Enter' && e.target.id === 'search') applyFilters();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'j') step(1, false);
      else if (e.key === 'k') step(-1, false);
      else if (e.key === '/') {
        e.preventDefault();
        $('search').focus();
      }
    });
  }

  buildHeader();
  wire();
  applyFilters();
  if (!DOCS.length) $('doc-title').textContent = 'No documents';
  document.documentElement.dataset.ready = '1';
  performance.mark('review-ready');
  document.addEventListener('DOMContentLoaded', () => {
    if (pending >= 0 && current === pending) open(pending);
    document.documentElement.dataset.loaded = '1';
  });
}());
