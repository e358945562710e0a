"""Hugo shortcodes and Jekyll Liquid tags turned into the Markdown they stand for.

- ``highlight`` (Hugo's ``{{< highlight go >}}`` and Liquid's
  ``{% highlight go %}``) becomes a fenced code block with its language, so
  the code is shown as code, never parsed as HTML;
- ``figure`` becomes an image with its caption (``<figure>``);
- ``ref``/``relref`` and Liquid's ``post_url``/``link`` become links to the
  imported entry, through ``resolve`` (``None`` when no imported page matches);
- ``{{</* x */>}}`` is Hugo's way of writing a shortcode literally, and
  ``{% raw %}`` Liquid's: both are kept as the text they protect;
- any other shortcode or tag is kept as text (inside backticks, so it cannot
  turn into markup) and named in the notes, so the report lists it.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable

Resolver = Callable[[str], str | None]

_HUGO_RE = re.compile(
    r"\{\{(?P<delim>[<%])\s*(?P<close>/)?\s*(?P<name>[\w.-]+)(?P<args>.*?)\s*/?\s*[>%]\}\}",
    re.DOTALL,
)
_HUGO_LITERAL_RE = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)
_HUGO_HIGHLIGHT_RE = re.compile(
    r"\{\{[<%]\s*highlight\s+(?P<args>[^>%]*?)\s*[>%]\}\}\n?(?P<code>.*?)\n?"
    r"\{\{[<%]\s*/\s*highlight\s*[>%]\}\}",
    re.DOTALL,
)
_LIQUID_RAW_RE = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_LIQUID_HIGHLIGHT_RE = re.compile(
    r"\{%-?\s*highlight\s+(?P<args>[^%]*?)\s*-?%\}\n?(?P<code>.*?)\n?\{%-?\s*endhighlight\s*-?%\}",
    re.DOTALL,
)
_LIQUID_TAG_RE = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>.*?)-?%\}", re.DOTALL)
_LIQUID_OUTPUT_RE = re.compile(r"\{\{-?\s*(?P<expr>.*?)\s*-?\}\}", re.DOTALL)
_SITE_URL_RE = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
_ARG_RE = re.compile(r"""(?:(?P<key>[\w-]+)=)?(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))""")


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named arguments: ``src="a b" 42`` gives ``(["42"], {"src": "a b"})``."""
    positional, named = [], {}
    for match in _ARG_RE.finditer(text):
        value = next(v for v in match.group("dq", "sq", "bare") if v is not None)
        if match.group("key"):
            named[match.group("key")] = value
        else:
            positional.append(value)
    return positional, named


def fenced(code: str, language: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"\n\n{fence}{language}\n{code.strip(chr(10))}\n{fence}\n\n"


def _figure(args: str) -> str:
    _positional, named = arguments(args)
    src = html.escape(named.get("src", ""), quote=True)
    alt = html.escape(
        named.get("alt") or named.get("title") or named.get("caption", ""), quote=True
    )
    caption = " — ".join(
        html.escape(named[key]) for key in ("title", "caption", "attr") if named.get(key)
    )
    image = f'<img src="{src}" alt="{alt}">'
    if named.get("link"):
        image = f'<a href="{html.escape(named["link"], quote=True)}">{image}</a>'
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"\n\n<figure>{image}{figcaption}</figure>\n\n"


class Converter:
    """Converts one file's body; ``notes`` lists what was kept as text or not resolved."""

    def __init__(self, resolve: Resolver, *, liquid: bool) -> None:
        self.resolve = resolve
        self.liquid = liquid
        self.kept: Counter[str] = Counter()
        self.unresolved: list[str] = []
        self._literals: list[str] = []

    @property
    def notes(self) -> list[str]:
        notes = [
            f"{name} kept as text" + (f" ({count}×)" if count > 1 else "")
            for name, count in sorted(self.kept.items())
        ]
        return notes + [
            f"link {target!r} matches no imported page; kept as text" for target in self.unresolved
        ]

    def _protect(self, text: str) -> str:
        """A placeholder that no later step touches, restored at the end."""
        self._literals.append(text)
        return f"\x00{len(self._literals) - 1}\x00"

    def _link(self, target: str, written: str) -> str:
        url = self.resolve(target)
        if url is None:
            self.unresolved.append(target)
            return self._protect(f"`{written}`")
        return url

    def _hugo(self, match: re.Match) -> str:
        name, args = match.group("name"), match.group("args")
        if not match.group("close") and name in ("ref", "relref"):
            positional, named = arguments(args)
            target = named.get("path") or (positional[0] if positional else "")
            return self._link(target, match.group(0))
        if not match.group("close") and name == "figure":
            return _figure(args)
        self.kept[f"shortcode “{name}”"] += 1
        return self._protect(f"`{match.group(0)}`")

    def _liquid(self, match: re.Match) -> str:
        name, args = match.group("name"), match.group("args").strip()
        if name in ("post_url", "link"):
            return self._link(args.split()[0] if args else "", match.group(0))
        self.kept[f"Liquid tag “{name}”"] += 1
        return self._protect(f"`{match.group(0)}`")

    def _liquid_output(self, match: re.Match) -> str:
        self.kept["Liquid output “{{ … }}”"] += 1
        return self._protect(f"`{match.group(0)}`")

    def convert(self, body: str) -> str:
        def code(match: re.Match) -> str:
            positional, _named = arguments(match.group("args"))
            return self._protect(fenced(match.group("code"), positional[0] if positional else ""))

        body = _HUGO_LITERAL_RE.sub(lambda m: self._protect(f"{{{{{m[1]}{m[2]}{m[3]}}}}}"), body)
        body = _HUGO_HIGHLIGHT_RE.sub(code, body)
        if self.liquid:
            body = _LIQUID_RAW_RE.sub(lambda m: self._protect(m.group(1)), body)
            body = _LIQUID_HIGHLIGHT_RE.sub(code, body)
        body = _HUGO_RE.sub(self._hugo, body)
        if self.liquid:
            body = _SITE_URL_RE.sub("", body)
            body = _LIQUID_TAG_RE.sub(self._liquid, body)
            body = _LIQUID_OUTPUT_RE.sub(self._liquid_output, body)
        return re.sub("\x00(\\d+)\x00", lambda m: self._literals[int(m.group(1))], body)


_MORE_RE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)


def split_more(body: str) -> tuple[str, str]:
    """``(text before <!--more-->, body without the marker)``; ``("", body)`` without one."""
    match = _MORE_RE.search(body)
    if match is None:
        return "", body
    before = body[: match.start()]
    return before.strip(), (before.rstrip() + "\n\n" + body[match.end() :].lstrip()).strip() + "\n"
