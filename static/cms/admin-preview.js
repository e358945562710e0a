/* The editor's live preview, in the site's own stylesheet.
 *
 * django-markdownx writes the rendered body (cms/editor.py) into its preview
 * <div>, inside the admin page and so under the admin's styles. Here that
 * <div> is kept out of sight as markdownx's target, and what it receives is
 * copied into a frame beside the editor whose document loads the public
 * site's stylesheets (site.css, code.css; their URLs come from the editor's
 * data-cms-preview-styles) around the same markup as the published entry
 * (<article class="entry" lang="…"><div class="entry__body prose">), in the
 * entry's language as the form says. The frame runs no script (sandbox).
 * The renderer's notes for the writer (an image without alt text) stay in
 * the admin's style above the frame: they are not part of the page. The
 * frame is out of the Tab order: it mirrors the text, and Tab leaves the
 * text for the image upload under it.
 */
(function () {
  "use strict";

  var MAX_HEIGHT = 768;

  function skeleton(styles, language) {
    var links = styles
      .split(" ")
      .filter(Boolean)
      .map(function (href) {
        return '<link rel="stylesheet" href="' + href.replace(/"/g, "&quot;") + '">';
      })
      .join("");
    return (
      '<!doctype html><html lang="' + language + '"><head><meta charset="utf-8">' +
      '<base target="_blank">' + links + "</head>" +
      '<body><main class="wrap"><article class="entry" lang="' + language + '">' +
      '<div class="entry__body prose"></div></article></main></body></html>'
    );
  }

  function language() {
    var field = document.getElementById("id_language");
    return (field && field.value) || document.documentElement.lang || "en";
  }

  function setUp(container) {
    var source = container.querySelector(".markdownx-preview");
    var editor = container.querySelector("textarea.markdownx-editor");
    if (!source || !editor || container.dataset.cmsPreview) return;
    container.dataset.cmsPreview = "frame";
    var box = document.createElement("div");
    box.className = "cms-preview";
    var notes = document.createElement("div");
    notes.className = "cms-preview-notes";
    notes.setAttribute("aria-live", "polite");
    var frame = document.createElement("iframe");
    frame.className = "cms-preview-frame";
    frame.title = editor.dataset.cmsPreviewTitle || "Preview";
    frame.tabIndex = -1;
    frame.setAttribute("sandbox", "allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    frame.srcdoc = skeleton(editor.dataset.cmsPreviewStyles || "", language());
    box.appendChild(notes);
    box.appendChild(frame);
    source.classList.add("cms-preview-source");
    source.parentNode.insertBefore(box, source.nextSibling);

    function fit() {
      var doc = frame.contentDocument;
      if (!doc || !doc.documentElement) return;
      var floor = Math.min(editor.offsetHeight || 0, MAX_HEIGHT);
      var wanted = doc.documentElement.scrollHeight;
      frame.style.height = Math.max(floor, Math.min(wanted, MAX_HEIGHT)) + "px";
    }

    function copy() {
      var doc = frame.contentDocument;
      var body = doc && doc.querySelector(".prose");
      if (!body) return;
      var rendered = source.cloneNode(true);
      var found = rendered.querySelector(".preview-notes");
      notes.textContent = "";
      if (found) {
        found.parentNode.removeChild(found);
        notes.appendChild(found);
      }
      body.innerHTML = rendered.innerHTML;
      var lang = language();
      doc.documentElement.lang = lang;
      doc.querySelector("article").lang = lang;
      fit();
    }

    frame.addEventListener("load", function () {
      copy();
      frame.contentDocument.addEventListener("load", fit, true); // each image as it arrives
    });
    new MutationObserver(copy).observe(source, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    var field = document.getElementById("id_language");
    if (field) field.addEventListener("change", copy);
    window.addEventListener("resize", fit);
  }

  function init() {
    document.querySelectorAll(".markdownx").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
