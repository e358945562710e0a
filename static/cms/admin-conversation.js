/* The review conversation posts without leaving the page.
 *
 * The panel's buttons (post, reply, resolve, reopen) sit inside the entry
 * form and would post the whole form to the conversation's endpoint, then
 * reload the page. Here a click posts the panel's own fields with fetch, and
 * the panel the server answers with (cms/admin/conversation.py) replaces the
 * old one: the entry form, saved or not, stays as the writer left it, and so
 * does anything typed in another reply box. If the post fails, nothing typed
 * is cleared and the panel says so.
 */
(function () {
  "use strict";

  var HEADER = "X-CMS-Conversation";

  function typed(panel) {
    var values = {};
    panel.querySelectorAll("textarea[name], select[name]").forEach(function (field) {
      values[field.name] = field.value;
    });
    return values;
  }

  function restore(panel, values, skip) {
    panel.querySelectorAll("textarea[name], select[name]").forEach(function (field) {
      if (skip.indexOf(field.name) < 0 && values[field.name]) field.value = values[field.name];
    });
  }

  function notice(panel, text) {
    var note = panel.querySelector(".cms-conversation__notice");
    if (!note) {
      note = document.createElement("p");
      note.tabIndex = -1;
      panel.insertBefore(note, panel.querySelector("h2").nextSibling);
    }
    note.className = "cms-conversation__notice errornote";
    note.setAttribute("role", "alert");
    note.textContent = text;
    note.focus();
  }

  function post(panel, button) {
    var form = button.form;
    var body = new FormData();
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    body.append("csrfmiddlewaretoken", token ? token.value : "");
    panel.querySelectorAll("textarea[name], select[name]").forEach(function (field) {
      body.append(field.name, field.value);
    });
    if (button.name) body.append(button.name, button.value);
    var before = typed(panel);
    var sent = [];  // the fields a successful post used up: the new panel shows them empty
    if (button.name === "_comment_parent") {
      sent = button.value
        ? ["_comment_body_" + button.value]
        : ["_comment_body", "_comment_paragraph"];
    }
    button.disabled = true;
    var headers = {};
    headers[HEADER] = "panel";
    fetch(button.formAction, {
      method: "POST",
      body: body,
      headers: headers,
      credentials: "same-origin",
    })
      .then(function (response) {
        var html = response.headers.get("Content-Type") || "";
        if (!(response.ok || response.status === 400) || html.indexOf("text/html") !== 0) {
          throw new Error(String(response.status));
        }
        return response.text().then(function (text) {
          return { ok: response.ok, text: text };
        });
      })
      .then(function (answer) {
        var holder = document.createElement("div");
        holder.innerHTML = answer.text;
        var fresh = holder.querySelector("#conversation");
        if (!fresh) throw new Error("no panel");
        panel.replaceWith(fresh);
        restore(fresh, before, answer.ok ? sent : []);
        var note = fresh.querySelector(".cms-conversation__notice");
        if (note) note.focus();
      })
      .catch(function () {
        button.disabled = false;
        notice(
          panel,
          panel.dataset.cmsPostFailed || "Nothing was posted; your text is still here. Try again."
        );
      });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target.closest ? target.closest("#conversation button[formaction]") : null;
    if (!button || !window.fetch) return;
    event.preventDefault();
    post(button.closest("#conversation"), button);
  });
})();
