/* The live search's reading of text, for the static search (search.js).
 *
 * A query is read as cms/search/query.py reads it: each run of CJK characters
 * is a term matched as typed (its character pairs), each other word is
 * stemmed (stem.js) like SQLite's FTS5 "porter" tokenizer. Each token becomes
 * the opaque word cms/search/static_terms.py indexed for it. Snippets are cut
 * and marked as cms/search/snippets.py does it. Exposed as
 * window.DigestSearchText, which the browser tests compare with the Python.
 */
(function () {
  "use strict";

  var MAX_TERMS = 12;
  var OFFSET_BASES = [0x811c9dc5, 0x050c5d1f];
  var LETTERS = "hjkpqwx";
  var LETTERS_PER_HASH = 12;
  var TOKEN_WORD = /\bx[hjkpqwx]{24}\b/g;
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
  function parseQuery(raw, maxLength) {
    var text = raw.replace(/\x00/g, " ").split(/\s+/).filter(Boolean).join(" ");
    text = text.slice(0, maxLength);
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

  // Both FNV-1a hashes of the token's UTF-8 bytes, as cms.search.static_terms.token_word.
  function tokenWord(token) {
    var bytes = new TextEncoder().encode(token);
    return (
      "x" +
      OFFSET_BASES.map(function (value) {
        bytes.forEach(function (byte) {
          value = Math.imul(value ^ byte, 0x01000193) >>> 0;
        });
        var letters = "";
        for (var i = 0; i < LETTERS_PER_HASH; i++) {
          letters = LETTERS[value % LETTERS.length] + letters;
          value = Math.floor(value / LETTERS.length);
        }
        return letters;
      }).join("")
    );
  }

  // The Pagefind query: the word of every token of every term.
  function tokenQuery(terms) {
    var words = [];
    terms.forEach(function (term) {
      termTokens(term).forEach(function (token) {
        var word = tokenWord(token);
        if (words.indexOf(word) === -1) words.push(word);
      });
    });
    return words.join(" ");
  }

  // An entry's text as indexed, without the token words.
  function entryText(content) {
    return (content || "").replace(TOKEN_WORD, "").trim();
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

  // Whether an entry (Pagefind's data of it) matches every term, as the live search says:
  // it has the word of every token, and a CJK term longer than one bigram appears whole.
  function matches(data, terms) {
    var words = (data.content || "").match(TOKEN_WORD) || [];
    var meta = data.meta || {};
    var text = [meta.title, meta.summary, meta.topics, meta.source, entryText(data.content)];
    text = text.join("\n");
    return terms.every(function (term) {
      var whole = !term.cjk || Array.from(term.text).length < 3 || text.indexOf(term.text) !== -1;
      return (
        whole &&
        termTokens(term).every(function (token) {
          return words.indexOf(tokenWord(token)) !== -1;
        })
      );
    });
  }

  window.DigestSearchText = {
    entryText: entryText,
    marked: marked,
    matches: matches,
    parseQuery: parseQuery,
    snippet: snippet,
    termPattern: termPattern,
    termTokens: termTokens,
    tokenQuery: tokenQuery,
    tokenWord: tokenWord
  };
})();
