/* unspun desk: select text in the article and ask which technique it is.
 * Offsets sent to the server count UTF-16 units of the text as the page holds it (unit
 * "html": the HTML parser turned CR LF into LF); the server turns them into code points. Hidden direction controls are shown as empty <span class="ctl">
 * markers: each stands for one character of the text. Everything the server returns is
 * set with textContent. */
(function () {
  "use strict";
  var article = document.getElementById("article");
  var button = document.getElementById("classify-button");
  var floating = document.getElementById("float-classify");
  var out = document.getElementById("classify-result");
  var hint = document.getElementById("classify-hint");
  if (!article || !button) { return; }
  var analysisId = article.getAttribute("data-analysis");
  var current = null;

  function unitsBefore(node, offset) {
    var range = document.createRange();
    range.setStart(article, 0);
    range.setEnd(node, offset);
    var frag = range.cloneContents();
    return frag.textContent.length + frag.querySelectorAll(".ctl").length;
  }
  function selectionInArticle() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) { return null; }
    var start = unitsBefore(range.startContainer, range.startOffset);
    var end = unitsBefore(range.endContainer, range.endOffset);
    var text = sel.toString();
    /* Trim white space at both ends, as a reader means the words. */
    var lead = text.length - text.replace(/^\s+/, "").length;
    var trail = text.length - text.replace(/\s+$/, "").length;
    start += lead; end -= trail;
    if (end <= start) { return null; }
    return { start: start, end: end, rect: range.getBoundingClientRect() };
  }
  function update() {
    current = selectionInArticle();
    button.disabled = current === null;
    hint.textContent = current === null ? "Select words in the text first." : "Ask about the selected words.";
    if (current && floating) {
      floating.hidden = false;
      floating.style.left = Math.max(8, current.rect.left + window.scrollX) + "px";
      floating.style.top = current.rect.bottom + window.scrollY + 6 + "px";
    } else if (floating) {
      floating.hidden = true;
    }
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function show(answer) {
    out.replaceChildren();
    out.appendChild(el("q", "quote", answer.text));
    var list = el("ol");
    answer.techniques.forEach(function (t) {
      var item = el("li", "ranked");
      item.appendChild(el("strong", "name", t.name));
      item.appendChild(document.createTextNode(" " + t.score.toFixed(2)));
      var bar = el("span", "bar");
      bar.style.width = Math.max(2, Math.round(t.score * 100)) + "%";
      item.appendChild(bar);
      if (t.category_title) { item.appendChild(el("span", "why", t.category_title)); }
      if (t.explanation) { item.appendChild(el("span", "why", t.explanation)); }
      list.appendChild(item);
    });
    out.appendChild(list);
    out.appendChild(el("p", "help", answer.note));
  }
  function fail(message) {
    out.replaceChildren(el("p", "error", message));
  }
  function ask() {
    var span = current || selectionInArticle();
    if (!span) { return; }
    button.disabled = true;
    out.replaceChildren(el("p", "help", "Asking the model…"));
    fetch("/v1/classify", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ analysis_id: analysisId, start: span.start, end: span.end, unit: "html", top: 5 })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { fail(body.error ? body.error.message + " " + (body.error.hint || "") : "The server refused."); return; }
        show(body);
      });
    }).catch(function () { fail("The server could not be reached."); })
      .finally(function () { button.disabled = current === null; if (floating) { floating.hidden = true; } });
  }
  /* Keyboard route: find typed words in the text (the next match after the last one),
     select them so the reader sees which, and ask. */
  var findForm = document.getElementById("find-form");
  var findInput = document.getElementById("find-words");
  var findStatus = document.getElementById("find-status");
  var lastFound = -1;
  function selectAt(at, length) {
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    var seen = 0, node, started = false;
    while ((node = walker.nextNode())) {
      var next = seen + node.data.length;
      if (!started && at < next) { range.setStart(node, at - seen); started = true; }
      if (started && at + length <= next) { range.setEnd(node, at + length - seen); break; }
      seen = next;
    }
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    return range;
  }
  if (findForm) {
    findForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var words = findInput.value.trim();
      if (!words) { findStatus.textContent = "Type some words from the text."; return; }
      var text = article.textContent;
      var at = text.indexOf(words, lastFound + 1);
      if (at < 0) { at = text.indexOf(words); }
      if (at < 0) { findStatus.textContent = "These words are not in the text."; lastFound = -1; return; }
      lastFound = at;
      var range = selectAt(at, words.length);
      current = { start: unitsBefore(range.startContainer, range.startOffset),
                  end: unitsBefore(range.endContainer, range.endOffset),
                  rect: range.getBoundingClientRect() };
      findStatus.textContent = "Found them; asking.";
      ask();
    });
  }
  document.addEventListener("selectionchange", function () { window.requestAnimationFrame(update); });
  button.addEventListener("mousedown", function (event) { event.preventDefault(); });
  button.addEventListener("click", ask);
  if (floating) {
    floating.addEventListener("mousedown", function (event) { event.preventDefault(); });
    floating.addEventListener("click", function () { ask(); out.scrollIntoView({ block: "nearest" }); });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && floating) { floating.hidden = true; }
  });
})();
