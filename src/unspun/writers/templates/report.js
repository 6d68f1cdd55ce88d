/* unspun report: filters, tooltips and keyboard navigation.
 * Offsets never reach this script: the server cut the text into segments and each
 * <mark class="seg" data-f="i j"> names the findings covering it. Data from the record
 * is only ever set with textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("unspun-data").textContent);
  var F = data.findings;
  var visible = F.map(function () { return true; });
  var segs = Array.prototype.slice.call(document.querySelectorAll("mark.seg"));
  var segCovers = new Map();
  segs.forEach(function (el) {
    segCovers.set(el, el.getAttribute("data-f").split(" ").map(Number));
  });
  var firstSeg = F.map(function (f) {
    return f.seg === null ? null : document.getElementById("s" + f.seg);
  });
  var tip = document.getElementById("tip");
  var slider = document.getElementById("min-score");
  var sliderOut = document.getElementById("min-score-value");
  var count = document.getElementById("visible-count");
  var checks = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var selected = null;
  var pending = null;
  var pickedAt = 0;
  var SETTLE_MS = 1000;
  var MAX_LINES = 4;

  function tintAlpha(depth) {
    return Math.round(Math.min(0.13 + 0.07 * (depth - 1), 0.34) * 100) / 100;
  }
  /* Mirrors unspun.writers.html.article.segment_paint: [depth class, inline style]. */
  function paintOf(colours) {
    var alpha = Math.round(tintAlpha(colours.length) * 255).toString(16).padStart(2, "0");
    var lines = colours.slice(0, MAX_LINES);
    var style = ["--t:" + colours[colours.length - 1] + alpha];
    lines.forEach(function (c, k) { style.push("--c" + (k + 1) + ":" + c); });
    return ["d" + lines.length, style.join(";")];
  }
  function shown(el) {
    return segCovers.get(el).filter(function (i) { return visible[i]; });
  }
  /* What each segment shows now; the server painted everything visible. */
  var painted = new Map();
  segs.forEach(function (el) { painted.set(el, el.getAttribute("data-f")); });
  function paint(el) {
    var list = shown(el);
    var key = list.join(" ");
    if (painted.get(el) === key) { return; }
    painted.set(el, key);
    el.classList.remove("d1", "d2", "d3", "d4");
    if (!list.length) {
      el.removeAttribute("style");
      el.classList.add("off");
      return;
    }
    var p = paintOf(list.map(function (i) { return F[i].col; }));
    el.classList.remove("off");
    el.classList.add(p[0]);
    el.setAttribute("style", p[1]);
  }
  /* List items and panel entries of each finding, looked up once. */
  var entries = F.map(function () { return []; });
  document.querySelectorAll("[data-i]").forEach(function (node) {
    var i = Number(node.getAttribute("data-i"));
    if (entries[i]) { entries[i].push(node); }
  });
  function eachPick(i, fn) { entries[i].forEach(fn); }

  function apply() {
    var off = { kind: new Set(), cat: new Set(), label: new Set() };
    checks.forEach(function (c) { if (!c.checked) { off[c.getAttribute("data-filter")].add(c.value); } });
    document.querySelectorAll(".cat").forEach(function (el) {
      el.classList.toggle("muted", off.cat.has(el.getAttribute("data-cat")));
    });
    var min = Number(slider.value);
    sliderOut.textContent = min.toFixed(2);
    var n = 0;
    F.forEach(function (f, i) {
      visible[i] = !off.kind.has(f.k) && !off.cat.has(f.c) && !off.label.has(f.l) && f.s + 1e-9 >= min;
      if (visible[i]) { n += 1; }
      eachPick(i, function (el) { el.hidden = !visible[i]; });
    });
    segs.forEach(paint);
    var stops = new Set();
    F.forEach(function (f, i) { if (visible[i] && firstSeg[i]) { stops.add(firstSeg[i]); } });
    segs.forEach(function (el) {
      var tab = stops.has(el) ? 0 : -1;
      if (el.tabIndex !== tab) { el.tabIndex = tab; }
    });
    count.textContent = n + " of " + F.length + " finding" + (F.length === 1 ? "" : "s") + " shown";
    if (selected !== null && !visible[selected]) { select(null); }
    hideTip();
  }

  function select(i) {
    document.querySelectorAll(".act, .in-scope, .sel").forEach(function (el) {
      el.classList.remove("act", "in-scope", "sel");
    });
    document.querySelectorAll("[aria-current]").forEach(function (el) { el.removeAttribute("aria-current"); });
    selected = i;
    if (i === null) { return; }
    document.querySelectorAll('[data-f~="' + i + '"]').forEach(function (el) { el.classList.add("act"); });
    document.querySelectorAll('[data-s~="' + i + '"]').forEach(function (el) { el.classList.add("in-scope"); });
    eachPick(i, function (el) { el.classList.add("sel"); });
    var item = document.getElementById("item-" + i);
    if (item) { item.querySelector(".pick").setAttribute("aria-current", "true"); }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function showTip(seg, current) {
    var list = shown(seg).reverse();
    if (!list.length) { hideTip(); return; }
    tip.replaceChildren();
    list.forEach(function (i) {
      var f = F[i];
      var box = el("div", "tip-item" + (i === current ? " current" : ""));
      var head = el("div", "tip-head");
      var sw = el("span", "swatch");
      sw.style.setProperty("--c", f.col);
      head.appendChild(sw);
      head.appendChild(el("span", "tip-name", f.n));
      box.appendChild(head);
      box.appendChild(el("div", "tip-meta", f.k + " · " + f.ct + " · confidence " + f.s.toFixed(2)));
      if (f.e) { box.appendChild(el("p", "tip-expl", f.e)); }
      else if (f.g) { box.appendChild(el("p", "tip-expl general", f.g)); }
      tip.appendChild(box);
    });
    tip.appendChild(el("p", "tip-hint", "Enter: show in list · Esc: close"));
    tip.hidden = false;
    place(seg);
  }
  function place(seg) {
    var rects = seg.getClientRects();
    var r = rects.length ? rects[0] : seg.getBoundingClientRect();
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - w - 8));
    var top = r.bottom + 8;
    if (top + h > window.innerHeight && r.top - h - 8 > 0) { top = r.top - h - 8; }
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
  }
  function hideTip() {
    tip.hidden = true;
    segs.forEach(function (s) { s.removeAttribute("aria-describedby"); });
  }

  function pick(i) {
    select(i);
    var seg = firstSeg[i];
    if (!seg) { return; }
    pending = i;
    pickedAt = Date.now();
    seg.focus({ preventScroll: true });
    seg.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
    pending = null;
    /* Once the scroll settles, the pointer may rest on another highlight: show ours. */
    window.setTimeout(function () {
      if (document.activeElement === seg) { showTip(seg, i); }
    }, reduceMotion ? 0 : 450);
  }
  function reveal(i) {
    var item = document.getElementById("item-" + i);
    if (!item) { return; }
    item.scrollIntoView({ block: "nearest", behavior: reduceMotion ? "auto" : "smooth" });
    item.classList.remove("flash");
    void item.offsetWidth;
    item.classList.add("flash");
  }

  segs.forEach(function (seg) {
    seg.addEventListener("focus", function () {
      var list = shown(seg);
      if (!list.length) { return; }
      var i = pending !== null ? pending : list[list.length - 1];
      select(i);
      seg.setAttribute("aria-describedby", "tip");
      showTip(seg, i);
    });
    seg.addEventListener("blur", function () { hideTip(); });
    seg.addEventListener("mouseenter", function () {
      /* While a picked highlight scrolls into view, the text slides under a resting
         pointer: that is not the reader pointing at something. */
      if (Date.now() - pickedAt < SETTLE_MS) { return; }
      if (document.activeElement !== seg) { showTip(seg, selected); }
    });
    seg.addEventListener("mouseleave", function () {
      var active = document.activeElement;
      if (active && active.classList && active.classList.contains("seg") && active !== seg) {
        showTip(active, selected);
      } else if (active !== seg) {
        hideTip();
      }
    });
    seg.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && selected !== null) { event.preventDefault(); reveal(selected); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hideTip(); }
  });
  document.querySelectorAll("[data-pick]").forEach(function (button) {
    button.addEventListener("click", function () { pick(Number(button.getAttribute("data-pick"))); });
  });
  checks.forEach(function (c) { c.addEventListener("change", apply); });
  slider.addEventListener("input", apply);
  document.getElementById("reset-filters").addEventListener("click", function () {
    checks.forEach(function (c) { c.checked = true; });
    slider.value = "0";
    apply();
  });
  window.addEventListener("resize", function () {
    if (!tip.hidden && document.activeElement && segCovers.has(document.activeElement)) {
      place(document.activeElement);
    }
  });
  apply();
})();
