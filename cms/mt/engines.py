"""The translation engines: LibreTranslate, DeepL and Google Cloud Translation (v2), over HTTP.

``CMS_MT_ENGINE`` names one: ``libretranslate+http://host:port/``,
``deepl:`` or ``google:`` (their public APIs; ``deepl:URL`` and
``google:URL`` point at another address, as the tests' stand-in server
does). Keys come from the environment: ``DEEPL_API_KEY`` (a key ending in
``:fx`` uses DeepL's free API), ``GOOGLE_TRANSLATE_API_KEY``,
``LIBRETRANSLATE_API_KEY`` (optional). Each engine sends texts as HTML in
batches within its limits and answers one text per text sent.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from cms.conf import conf
from cms.exceptions import MTError
from cms.mt.http import post_json

SPEC = re.compile(
    r"\A(?:(?P<libre>libretranslate)\+(?P<libre_url>https?://\S+)|(?P<kind>deepl|google):(?P<url>https?://\S+)?)\Z"
)


def spec_problem(value: str) -> str | None:
    """Why ``value`` is not an engine setting, or ``None``."""
    if not isinstance(value, str) or not SPEC.match(value.strip()):
        return (
            f"{value!r} is not an engine; use libretranslate+http://host:port/, deepl: or "
            "google: (deepl:URL and google:URL for another address)."
        )
    url = SPEC.match(value.strip()).group("libre_url") or SPEC.match(value.strip()).group("url")
    if url and not urlsplit(url).hostname:
        return f"{value!r} has no host in its address."
    return None


@dataclass
class Engine:
    name: str  # what readers see: "DeepL", "Google Translate", "LibreTranslate"
    code: str  # stored with the translation: "deepl", "google", "libretranslate"
    url: str
    max_texts: int
    max_chars: int

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """``texts`` (HTML) translated from ``source`` into ``target``, batched within limits."""
        answers: list[str] = []
        for batch in self.batches(texts):
            got = self.request(batch, source, target)
            if len(got) != len(batch) or not all(isinstance(text, str) for text in got):
                raise MTError(self.name, f"answered {len(got)} texts for {len(batch)} sent")
            answers.extend(got)
        return answers

    def batches(self, texts: list[str]) -> list[list[str]]:
        """Consecutive batches of at most ``max_texts`` texts and ``max_chars`` characters
        (a longer text goes alone)."""
        batches: list[list[str]] = []
        current: list[str] = []
        size = 0
        for text in texts:
            if current and (len(current) >= self.max_texts or size + len(text) > self.max_chars):
                batches.append(current)
                current, size = [], 0
            current.append(text)
            size += len(text)
        if current:
            batches.append(current)
        return batches

    def post(self, url: str, payload: dict, headers: dict | None = None) -> dict:
        return post_json(
            self.name,
            url,
            payload,
            headers=headers,
            timeout=conf.CMS_MT_TIMEOUT_SECONDS,
            retries=conf.CMS_MT_RETRIES,
            first_pause=conf.CMS_MT_RETRY_PAUSE_SECONDS,
        )

    def request(self, batch: list[str], source: str, target: str) -> list[str]:
        raise NotImplementedError


class LibreTranslate(Engine):
    LANGUAGES = {"zh-hans": "zh", "zh-hant": "zt"}

    def request(self, batch, source, target):
        payload = {
            "q": batch,
            "source": self.LANGUAGES.get(source, source.split("-")[0]),
            "target": self.LANGUAGES.get(target, target.split("-")[0]),
            "format": "html",
        }
        key = os.environ.get("LIBRETRANSLATE_API_KEY", "")
        if key:
            payload["api_key"] = key
        answer = self.post(self.url.rstrip("/") + "/translate", payload)
        translated = answer.get("translatedText")
        return translated if isinstance(translated, list) else [translated]


class DeepL(Engine):
    TARGETS = {"en": "EN-US", "zh-hans": "ZH-HANS", "zh-hant": "ZH-HANT", "pt": "PT-PT"}

    def request(self, batch, source, target):
        key = _key(self.name, "DEEPL_API_KEY")
        payload = {
            "text": batch,
            "source_lang": source.split("-")[0].upper(),
            "target_lang": self.TARGETS.get(target, target.upper()),
            "tag_handling": "html",
        }
        answer = self.post(
            self.url.rstrip("/") + "/v2/translate",
            payload,
            {"Authorization": f"DeepL-Auth-Key {key}"},
        )
        translations = answer.get("translations")
        if not isinstance(translations, list):
            raise MTError(self.name, "answered without “translations”")
        return [item.get("text") if isinstance(item, dict) else None for item in translations]


class Google(Engine):
    LANGUAGES = {"zh-hans": "zh-CN", "zh-hant": "zh-TW"}

    def request(self, batch, source, target):
        key = _key(self.name, "GOOGLE_TRANSLATE_API_KEY")
        payload = {
            "q": batch,
            "source": self.LANGUAGES.get(source, source),
            "target": self.LANGUAGES.get(target, target),
            "format": "html",
        }
        url = self.url.rstrip("/") + "/language/translate/v2?" + urlencode({"key": key})
        answer = self.post(url, payload)
        data = answer.get("data")
        translations = data.get("translations") if isinstance(data, dict) else None
        if not isinstance(translations, list):
            raise MTError(self.name, "answered without “data.translations”")
        return [
            item.get("translatedText") if isinstance(item, dict) else None for item in translations
        ]


def _key(engine: str, variable: str) -> str:
    key = os.environ.get(variable, "").strip()
    if not key:
        raise MTError(engine, f"no API key: set the environment variable {variable}.")
    return key


def engine_from(value: str | None = None) -> Engine:
    """The engine ``value`` (default: ``CMS_MT_ENGINE``) names; ``MTError`` if none or wrong."""
    value = (value if value is not None else conf.CMS_MT_ENGINE or "").strip()
    if not value:
        raise MTError("Machine translation", "no engine is set up; set CMS_MT_ENGINE (see README).")
    if value in ("deepl", "google"):
        value += ":"
    if value.startswith("libretranslate") and "+" not in value:
        configured = (conf.CMS_MT_ENGINE or "").strip()
        if configured.startswith("libretranslate+"):
            value = configured
    problem = spec_problem(value)
    if problem:
        raise MTError("Machine translation", problem)
    match = SPEC.match(value)
    if match.group("libre"):
        return LibreTranslate(
            "LibreTranslate", "libretranslate", match.group("libre_url"), 50, 5000
        )
    if match.group("kind") == "deepl":
        key = os.environ.get("DEEPL_API_KEY", "")
        default = "https://api-free.deepl.com/" if key.endswith(":fx") else "https://api.deepl.com/"
        return DeepL("DeepL", "deepl", match.group("url") or default, 50, 100_000)
    return Google(
        "Google Translate",
        "google",
        match.group("url") or "https://translation.googleapis.com/",
        128,
        30_000,
    )
