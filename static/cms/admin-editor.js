/* The Markdown editor, made keyboard-friendly.
 *
 * django-markdownx uploads images only when they are dragged or pasted into
 * the text, and it takes the Tab key for indenting, so a keyboard user can
 * neither add an image nor leave the field. Here: an "Upload an image" file
 * input under each editor that hands the chosen files to markdownx as a drop
 * (same endpoint, same checks), and Tab left to the browser to move focus
 * (Ctrl+] and Ctrl+[ still indent and unindent).
 */
(function () {
  "use strict";

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
    row.appendChild(label);
    row.appendChild(input);
    container.parentNode.insertBefore(row, container.nextSibling);
  }

  function init() {
    document.querySelectorAll(".markdownx").forEach(addUploadInput);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
