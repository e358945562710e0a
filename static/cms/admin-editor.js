/* The Markdown editor, made keyboard-friendly.
 *
 * django-markdownx uploads images only when they are dragged or pasted into
 * the text, and it takes the Tab key for indenting, so a keyboard user can
 * neither add an image nor leave the field. Here: an "Upload an image" file
 * input under each editor that hands the chosen files to markdownx as a drop
 * (same endpoint, same checks), and Tab left to the browser to move focus
 * (Ctrl+] and Ctrl+[ still indent and unindent). When the server refuses an
 * image, markdownx types "Invalid response" into the text and shows nothing;
 * here the server's reason is shown beside the input and that text removed.
 * Before the file input, a field asks for the image's description (its alt
 * text); once markdownx has inserted "![](url)", the description goes between
 * the brackets. The preview flags an image left without one.
 * The admin's autocomplete boxes (select2) leave their search field without
 * a label; it gets its field's label, so screen readers can name it.
 */
(function () {
  "use strict";

  var MARKDOWNX_PLACEHOLDER = "Invalid response";

  document.addEventListener(
    "keydown",
    function (event) {
      var target = event.target;
      if (
        event.key === "Tab" &&
        !event.ctrlKey &&
        !event.metaKey &&
        !event.altKey &&
        target instanceof HTMLTextAreaElement &&
        target.classList.contains("markdownx-editor")
      ) {
        event.stopPropagation(); // markdownx never sees it; the browser moves focus
      }
    },
    true
  );

  function addUploadInput(container) {
    var editor = container.querySelector("textarea.markdownx-editor");
    if (!editor || container.dataset.cmsUpload) return;
    container.dataset.cmsUpload = "ready";
    var id = editor.id + "_upload";
    var row = document.createElement("p");
    row.className = "cms-upload";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = editor.dataset.cmsUploadLabel || "Upload an image";
    var input = document.createElement("input");
    input.type = "file";
    input.id = id;
    input.accept = "image/png,image/jpeg,image/gif,image/webp";
    input.addEventListener("change", function () {
      if (!input.files.length) return;
      var transfer = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (file) {
        transfer.items.add(file);
      });
      editor.focus();
      editor.dispatchEvent(
        new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: transfer })
      );
      input.value = "";
    });
    var altLabel = document.createElement("label");
    altLabel.htmlFor = id + "_alt";
    altLabel.textContent = editor.dataset.cmsAltLabel || "Describe the image (alt text)";
    var alt = document.createElement("input");
    alt.type = "text";
    alt.id = id + "_alt";
    alt.className = "cms-upload__alt";
    var problem = document.createElement("span");
    problem.className = "cms-upload__error";
    problem.setAttribute("role", "alert");
    row.appendChild(altLabel);
    row.appendChild(alt);
    row.appendChild(label);
    row.appendChild(input);
    row.appendChild(problem);
    container.parentNode.insertBefore(row, container.nextSibling);

    function refused(event) {
      var detail = event.detail && event.detail[0];
      var reasons = detail && detail.image;
      problem.textContent = Array.isArray(reasons)
        ? reasons.join(" ")
        : editor.dataset.cmsUploadFailed || "The image could not be uploaded.";
      // markdownx inserts its placeholder right after this event, at the cursor.
      setTimeout(function () {
        var end = editor.selectionStart;
        var start = end - MARKDOWNX_PLACEHOLDER.length;
        if (start >= 0 && editor.value.slice(start, end) === MARKDOWNX_PLACEHOLDER) {
          editor.setRangeText("", start, end, "end");
          editor.dispatchEvent(new Event("input", { bubbles: true }));
        }
      }, 0);
    }
    container.addEventListener("markdownx.fileUploadError", refused);
    container.addEventListener("fileUploadError", refused);
    container.addEventListener("markdownx.fileUploadEnd", function () {
      problem.textContent = "";
      var description = alt.value.replace(/[\[\]\\]/g, "").trim();
      if (!description) return;
      // markdownx inserts "![](url)" at the cursor right after this event.
      setTimeout(function () {
        var end = editor.selectionStart;
        var start = editor.value.lastIndexOf("![](", end);
        if (start === -1 || end - start > 500) return;
        editor.setRangeText("![" + description + "](", start, start + 4, "preserve");
        editor.dispatchEvent(new Event("input", { bubbles: true }));
        alt.value = "";
      }, 0);
    });
  }

  function init() {
    document.querySelectorAll(".markdownx").forEach(addUploadInput);
  }

  function labelAutocompleteSearch() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var box = select.nextElementSibling;
      if (!label || !box) return;
      label.id = label.id || select.id + "_label";
      var name = label.textContent.replace(/:\s*$/, "");
      box.querySelectorAll(".select2-search__field").forEach(function (field) {
        if (!field.hasAttribute("aria-label")) field.setAttribute("aria-label", name);
      });
      box.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (part) {
        var ids = (part.getAttribute("aria-labelledby") || "").split(" ");
        if (ids.indexOf(label.id) === -1) {
          part.setAttribute("aria-labelledby", [label.id].concat(ids).join(" ").trim());
        }
      });
    });
  }

  // The admin starts select2 when jQuery says the document is ready, at a moment no
  // event of ours can be sure to follow, so label each box as it appears.
  new MutationObserver(function (records) {
    var added = records.some(function (record) {
      return Array.prototype.some.call(record.addedNodes, function (node) {
        return node.nodeType === 1 && node.classList.contains("select2");
      });
    });
    if (added) labelAutocompleteSearch();
  }).observe(document.documentElement, { childList: true, subtree: true });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
