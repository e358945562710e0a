"""Which language a block of text is in, by a rule simple enough to explain in a sentence.

Count the letters: Chinese characters (CJK ideographs), Japanese kana,
Korean Hangul and Latin letters. If CJK ideographs and kana make up at least
``CJK_SHARE`` of them the text is Chinese (or Japanese, if kana are at least a
tenth of those); if Hangul dominates it is Korean; if Latin letters dominate
it is English. One Chinese term in an English abstract, or "ResNet-18" in a
Chinese one, does not change the answer. Simplified and Traditional Chinese
are told apart by a handful of very common characters that differ between
them; a tie counts as Simplified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CJK_SHARE = 0.3

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")

# Common characters written differently in Simplified and Traditional Chinese.
_SIMPLIFIED = set("这们来个说为国学会时与对发经过后于体点么实现数据问题")
_TRADITIONAL = set("這們來個說為國學會時與對發經過後於體點麼實現數據問題")


@dataclass(frozen=True)
class Detection:
    language: str | None  # a language code, or None when the text has too few letters
    reason: str  # the counts behind the answer, for the import summary


def detect_language(text: str) -> Detection:
    cjk = len(_CJK_RE.findall(text))
    kana = len(_KANA_RE.findall(text))
    hangul = len(_HANGUL_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    letters = cjk + kana + hangul + latin
    if letters < 3:
        return Detection(None, "too few letters to tell the language")
    counts = f"{cjk + kana} CJK, {hangul} Hangul and {latin} Latin letters"
    if (cjk + kana) / letters >= CJK_SHARE:
        if kana * 10 >= cjk + kana:
            return Detection("ja", counts)
        simplified = sum(1 for char in text if char in _SIMPLIFIED)
        traditional = sum(1 for char in text if char in _TRADITIONAL)
        return Detection("zh-hant" if traditional > simplified else "zh-hans", counts)
    if hangul / letters >= CJK_SHARE:
        return Detection("ko", counts)
    return Detection("en", counts)
