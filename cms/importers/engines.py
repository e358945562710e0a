"""Translation engines' names as digests write them, mapped to one readable name each.

The one table for this: an attribution such as ``translated by 谷歌翻译``
is stored as the translator "Google Translate", so every entry translated
by the same engine says so in the same words. Keys are compared after
case-folding and removing spaces; unknown names are kept as written.
"""

from __future__ import annotations

ENGINE_NAMES: dict[str, str] = {
    # Google
    "谷歌翻译": "Google Translate",
    "谷歌": "Google Translate",
    "google": "Google Translate",
    "googletranslate": "Google Translate",
    "googletranslator": "Google Translate",
    # Baidu
    "百度翻译": "Baidu Translate",
    "百度": "Baidu Translate",
    "baidu": "Baidu Translate",
    "baidutranslate": "Baidu Translate",
    "baidufanyi": "Baidu Translate",
    # DeepL
    "deepl": "DeepL",
    "deepltranslate": "DeepL",
    "deepltranslator": "DeepL",
    "deepl翻译": "DeepL",
    # Youdao
    "有道翻译": "Youdao Translate",
    "有道": "Youdao Translate",
    "youdao": "Youdao Translate",
    "youdaotranslate": "Youdao Translate",
    # Microsoft
    "必应翻译": "Microsoft Translator",
    "微软翻译": "Microsoft Translator",
    "bing": "Microsoft Translator",
    "bingtranslator": "Microsoft Translator",
    "microsofttranslator": "Microsoft Translator",
    # Tencent
    "腾讯翻译君": "Tencent Translate",
    "腾讯翻译": "Tencent Translate",
    "tencenttranslate": "Tencent Translate",
    "tmt": "Tencent Translate",
    # Others seen in digests
    "彩云小译": "Caiyun Translate",
    "caiyun": "Caiyun Translate",
    "搜狗翻译": "Sogou Translate",
    "sogou": "Sogou Translate",
    "阿里翻译": "Alibaba Translate",
    "papago": "Papago",
    "chatgpt": "ChatGPT",
}

MAX_TRANSLATOR_LENGTH = 100


def engine_name(written: str) -> str:
    """The readable name for an engine as written (``谷歌翻译`` → ``Google Translate``)."""
    key = "".join(written.split()).casefold()
    return ENGINE_NAMES.get(key, " ".join(written.split())[:MAX_TRANSLATOR_LENGTH])


#: What readers of each language call the engines, where it differs from the stored name.
LOCAL_NAMES: dict[str, dict[str, str]] = {
    "Google Translate": {"zh-hans": "谷歌翻译", "zh-hant": "Google 翻譯"},
    "Baidu Translate": {"zh-hans": "百度翻译", "zh-hant": "百度翻譯"},
    "Youdao Translate": {"zh-hans": "有道翻译"},
    "Microsoft Translator": {"zh-hans": "微软翻译", "zh-hant": "微軟翻譯"},
    "Tencent Translate": {"zh-hans": "腾讯翻译君"},
    "Caiyun Translate": {"zh-hans": "彩云小译"},
    "Sogou Translate": {"zh-hans": "搜狗翻译"},
    "Alibaba Translate": {"zh-hans": "阿里翻译"},
}


def localised_engine_name(name: str, language: str) -> str:
    """The engine's name in ``language`` (Google Translate → 谷歌翻译 on Chinese pages).

    The stored name is never changed; a name without a local form is shown as written.
    """
    return LOCAL_NAMES.get(engine_name(name), {}).get(language, name)
