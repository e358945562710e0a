/* Search on a static copy of the site, with Pagefind.
 *
 * The live site answers /<lang>/search/?q=… on the server. A static copy
 * cannot: there this page was exported without a query, so when the address
 * has ?q= but the page shows no server answer (data-query is empty), this
 * script asks the Pagefind index that the export wrote to <site root>/pagefind/.
 * The site root is found from the "latest entries" link, whose address the
 * export rewrites for a sub-path or relative hosting, so nothing here knows
 * the deployment. Results are built with DOM methods and text nodes only.
 *
 * To find the same entries as the live search, the query is read as the live
 * search reads it (cms/search/query.py): each run of CJK characters is a term
 * matched as typed, each other word is stemmed (stem.js). Pagefind is asked
 * for the entries that carry every token as a filter value, which the export
 * indexed from the same fields as the live index (cms/search/static_terms.py);
 * a CJK term of three or more characters is then checked as a whole in the
 * entry's text. Snippets are cut from the entry's text around the first
 * match, as the live search cuts them (cms/search/snippets.py).
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var MAX_QUERY_LENGTH = 200;
  var MAX_TERMS = 12;
  var BUCKETS = 32;
  var MAX_CHECKED = 500;
  var SNIPPET_LENGTH = 220;
  var CONTEXT_BEFORE = 60;
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ebef}\u{30000}-\u{3134f}";
  var TOKEN = new RegExp("([" + CJK + "]+)|((?:(?![" + CJK + "])[\\p{L}\\p{N}])+)", "gu");
  var ENGLISH_SUFFIXES = ["ing", "ed", "es", "s"];

  function bigrams(run) {
    var chars = Array.from(run);
    if (chars.length < 2) return chars;
    var pairs = [];
    for (var i = 0; i < chars.length - 1; i++) pairs.push(chars[i] + chars[i + 1]);
    return pairs;
  }

  function fold(word) {
    return word.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  // The terms of a query, as cms.search.query.parse_query makes them.
  function parseQuery(raw) {
    var text = raw.replace(/\x00/g, " ").split(/\s+/).filter(Boolean).join(" ");
    text = text.slice(0, MAX_QUERY_LENGTH);
    var terms = [];
    text.split(" ").forEach(function (chunk) {
      var words = [];
      var flush = function () {
        if (words.length) terms.push({ text: words.join(" "), words: words, cjk: false });
        words = [];
      };
      for (var match of chunk.matchAll(TOKEN)) {
        if (match[2]) {
          words.push(match[2].toLowerCase());
        } else {
          flush();
          terms.push({ text: match[1], words: [], cjk: true });
        }
      }
      flush();
    });
    var seen = {};
    return terms
      .filter(function (term) {
        var key = (term.cjk ? "c:" : "w:") + term.text;
        return seen[key] ? false : (seen[key] = true);
      })
      .slice(0, MAX_TERMS);
  }

  function termTokens(term) {
    if (term.cjk) return bigrams(term.text);
    return term.words.map(function (word) {
      return window.DigestStem.porter(fold(word));
    });
  }

  // FNV-1a of the token's UTF-8 bytes, as cms.search.static_terms.bucket.
  function bucket(token) {
    var value = 0x811c9dc5;
    new TextEncoder().encode(token).forEach(function (byte) {
      value = Math.imul(value ^ byte, 0x01000193) >>> 0;
    });
    var number = value % BUCKETS;
    return "t" + (number < 10 ? "0" : "") + number;
  }

  function tokenFilters(terms, language) {
    var filters = { language: language };
    terms.forEach(function (term) {
      termTokens(term).forEach(function (token) {
        var name = bucket(token);
        filters[name] = filters[name] || { all: [] };
        if (filters[name].all.indexOf(token) === -1) filters[name].all.push(token);
      });
    });
    return filters;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // A rough English stem for marking, as cms.search.snippets.stem.
  function roughStem(word) {
    for (var i = 0; i < ENGLISH_SUFFIXES.length; i++) {
      var suffix = ENGLISH_SUFFIXES[i];
      if (word.length - suffix.length >= 4 && word.endsWith(suffix)) {
        return word.slice(0, -suffix.length);
      }
    }
    return word;
  }

  function termPattern(terms) {
    var alternatives = terms.map(function (term) {
      if (term.cjk) return escapeRegExp(term.text);
      var words = term.words.map(function (word) {
        return escapeRegExp(roughStem(word)) + "[\\p{L}\\p{N}]*";
      });
      return "(?<![\\p{L}\\p{N}])" + words.join("[^\\p{L}\\p{N}]+");
    });
    alternatives.sort(function (a, b) {
      return b.length - a.length;
    });
    return alternatives.length ? new RegExp(alternatives.join("|"), "giu") : null;
  }

  // "text" as nodes, each match of "pattern" in a <mark>.
  function marked(text, pattern) {
    var fragment = document.createDocumentFragment();
    var position = 0;
    if (pattern) {
      for (var match of text.matchAll(pattern)) {
        if (!match[0]) continue;
        fragment.appendChild(document.createTextNode(text.slice(position, match.index)));
        var mark = document.createElement("mark");
        mark.textContent = match[0];
        fragment.appendChild(mark);
        position = match.index + match[0].length;
      }
    }
    fragment.appendChild(document.createTextNode(text.slice(position)));
    return fragment;
  }

  function wordBoundary(text, index, backwards) {
    if (index <= 0 || index >= text.length) return index;
    if (backwards) {
      var before = text.lastIndexOf(" ", index - 1);
      return before !== -1 && before >= index - 20 ? before + 1 : index;
    }
    var after = text.indexOf(" ", index);
    return after !== -1 && after < index + 20 ? after : index;
  }

  // About SNIPPET_LENGTH characters around the first match, as cms.search.snippets.snippet.
  function snippet(texts, pattern) {
    texts = texts.filter(Boolean);
    if (!texts.length) return document.createDocumentFragment();
    var chosen = texts[0];
    var start = 0;
    for (var i = 0; pattern && i < texts.length; i++) {
      pattern.lastIndex = 0;
      var found = texts[i].search(pattern);
      if (found !== -1) {
        chosen = texts[i];
        start = Math.max(0, found - CONTEXT_BEFORE);
        break;
      }
    }
    start = wordBoundary(chosen, start, true);
    var end = wordBoundary(chosen, Math.min(chosen.length, start + SNIPPET_LENGTH), false);
    var fragment = document.createDocumentFragment();
    if (start > 0) fragment.appendChild(document.createTextNode("… "));
    fragment.appendChild(marked(chosen.slice(start, end).trim(), pattern));
    if (end < chosen.length) fragment.appendChild(document.createTextNode(" …"));
    return fragment;
  }

  // Whether every CJK term longer than one bigram appears whole in the entry's fields.
  function containsPhrases(data, terms) {
    var meta = data.meta || {};
    var text = [meta.title, meta.summary, meta.topics, meta.source, data.content].join("\n");
    return terms.every(function (term) {
      return !term.cjk || Array.from(term.text).length < 3 || text.indexOf(term.text) !== -1;
    });
  }

  function message(form, name, count) {
    var text = form.getAttribute("data-msg-" + name) || "";
    return text.replace("{count}", String(count));
  }

  function siteRoot() {
    var home = document.querySelector("[data-search-home]");
    if (!home) {
      return null;
    }
    // The language home is <root>/<lang>/ (or <root>/<lang>/index.html).
    return new URL("../", home.href);
  }

  function sameSite(url) {
    var resolved = new URL(url, window.location.href);
    return resolved.origin === window.location.origin ? resolved.href : null;
  }

  function resultCard(data, language, pattern, root) {
    var article = document.createElement("article");
    article.className = "card search-result";
    article.lang = language;
    var heading = document.createElement("h2");
    heading.className = "card__title";
    var link = document.createElement("a");
    var meta = data.meta || {};
    var href = sameSite(meta.url ? new URL(meta.url.replace(/^\//, ""), root).href : data.url);
    if (href) {
      link.href = href;
    }
    link.appendChild(marked(meta.title || data.url, pattern));
    heading.appendChild(link);
    article.appendChild(heading);
    if (data.meta && data.meta.date) {
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = data.meta.date;
      article.appendChild(meta);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "search-result__snippet";
    excerpt.appendChild(snippet([meta.summary, data.content], pattern));
    article.appendChild(excerpt);
    var topics = (data.filters && data.filters.topic) || [];
    if (topics.length) {
      var list = document.createElement("ul");
      list.className = "tags";
      topics.forEach(function (topic) {
        var item = document.createElement("li");
        var tag = document.createElement("span");
        tag.className = "tag";
        tag.textContent = topic;
        item.appendChild(tag);
        list.appendChild(item);
      });
      article.appendChild(list);
    }
    return article;
  }

  function paragraph(className, text) {
    var element = document.createElement("p");
    element.className = className;
    element.textContent = text;
    return element;
  }

  // The Pagefind results that match every term, each { result } or, once checked, { data }.
  function findEntries(pagefind, terms, language) {
    if (!terms.length) return Promise.resolve([]);
    return pagefind.search(null, { filters: tokenFilters(terms, language) }).then(function (search) {
      var found = search.results;
      var check = terms.some(function (term) {
        return term.cjk && Array.from(term.text).length >= 3;
      });
      if (!check) {
        return found.map(function (result) {
          return { result: result };
        });
      }
      return Promise.all(
        found.slice(0, MAX_CHECKED).map(function (result) {
          return result.data();
        })
      ).then(function (pages) {
        return pages
          .filter(function (data) {
            return containsPhrases(data, terms);
          })
          .map(function (data) {
            return { data: data };
          });
      });
    });
  }

  function run(form, results, query) {
    var language = document.documentElement.lang;
    var root = siteRoot();
    if (!root) {
      return;
    }
    var terms = parseQuery(query);
    var pattern = termPattern(terms);
    results.replaceChildren(paragraph("search-summary", message(form, "loading")));
    import(new URL("pagefind/pagefind.js", root).href)
      .then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname }).then(function () {
          return findEntries(pagefind, terms, language);
        });
      })
      .then(function (found) {
        var summary =
          found.length === 1 ? message(form, "one", 1) : message(form, "other", found.length);
        results.replaceChildren(paragraph("search-summary", summary));
        if (!found.length) {
          results.appendChild(paragraph("empty", message(form, "none")));
          return;
        }
        var shown = 0;
        var more = document.createElement("button");
        more.type = "button";
        more.className = "search-more";
        more.textContent = message(form, "more");
        function showMore() {
          var batch = found.slice(shown, shown + PAGE_SIZE);
          shown += batch.length;
          more.disabled = true;
          return Promise.all(
            batch.map(function (item) {
              return item.data ? item.data : item.result.data();
            })
          ).then(function (pages) {
            pages.forEach(function (data) {
              var card = resultCard(data, language, pattern, root);
              results.insertBefore(card, more.parentNode ? more : null);
            });
            more.disabled = false;
            if (shown >= found.length && more.parentNode) {
              more.remove();
            }
          });
        }
        more.addEventListener("click", showMore);
        return showMore().then(function () {
          if (shown < found.length) {
            results.appendChild(more);
          }
        });
      })
      .catch(function () {
        results.replaceChildren(paragraph("empty", message(form, "unavailable")));
      });
  }

  // For the browser tests, which compare these with cms.search.static_terms.
  window.DigestSearch = { bucket: bucket, parseQuery: parseQuery, termTokens: termTokens };

  function start() {
    var form = document.querySelector("[data-search-form]");
    var results = document.querySelector("[data-search-results]");
    if (!form || !results || form.getAttribute("data-query")) {
      return; // not the search page, or the server already answered
    }
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").trim().slice(0, MAX_QUERY_LENGTH);
    if (!query) {
      return;
    }
    form.elements.q.value = query;
    run(form, results, query);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
