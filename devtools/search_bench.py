"""Synthetic entries and timed queries for ``manage.py bench_search``.

The generator writes with ``bulk_create`` (no signals, no Markdown
rendering per entry) and then times ``rebuild_index``, so the numbers are
the index's, not the generator's. Text is drawn from fixed English and
Chinese vocabularies with a fixed seed, so runs are comparable.
"""

import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.html import escape

from cms.models import Entry, Topic
from cms.publishing import Status
from cms.search import get_backend, parse_query, rebuild_index, search_entries
from devtools.percentiles import percentile

ENGLISH = (
    "diffusion model graph neural network protein folding transformer attention "
    "reinforcement learning policy gradient quantum error correction language "
    "benchmark dataset training inference sampling denoising score matching "
    "convolution embedding retrieval contrastive representation optimisation "
    "stochastic gradient descent variational autoencoder latent space prior "
    "posterior bayesian inference causal effect estimation robustness adversarial "
    "example distribution shift calibration uncertainty ensemble pruning "
    "quantisation distillation scaling law compute budget tokenizer vocabulary "
    "alignment preference reward human feedback evaluation metric accuracy "
    "precision recall molecule crystal material simulation climate weather "
    "forecast satellite image segmentation detection tracking video audio speech "
    "recognition translation summarisation reasoning chain planning agent tool "
    "memory retrieval augmented generation sparse mixture experts routing kernel "
    "spectral manifold topology geometry symmetry equivariant physics informed "
    "operator solver differential equation fluid turbulence astronomy galaxy"
).split()
CHINESE = (
    "扩散 模型 图神经 网络 蛋白质 折叠 注意力 机制 强化 学习 策略 梯度 量子 纠错 "
    "语言 基准 数据集 训练 推理 采样 去噪 表示 对比 检索 嵌入 优化 随机 变分 编码 "
    "潜在 空间 贝叶斯 因果 估计 鲁棒 对抗 样本 分布 偏移 校准 不确定 集成 剪枝 "
    "量化 蒸馏 规模 算力 对齐 偏好 奖励 人类 反馈 评估 指标 准确 分子 晶体 材料 "
    "模拟 气候 天气 预报 卫星 图像 分割 检测 跟踪 视频 语音 识别 翻译 摘要 规划 "
    "智能体 工具 记忆 增强 生成 稀疏 专家 路由 谱 流形 拓扑 几何 对称 物理 算子 "
    "方程 流体 湍流 天文 星系"
).split()
SURNAMES = "Lovelace Turing Hopper Noether Curie Li Wang Zhang Chen Liu Yang Huang".split()
QUERIES = {
    "en": [
        "diffusion",
        "graph neural network",
        "protein folding",
        "reinforcement learning policy",
        "transformer attention",
        "quantum error correction",
        "lovelace",
        "zebra",
    ],
    "zh-hans": ["扩散", "神经网络", "蛋白质", "强化学习", "量子", "注意力机制"],
}


@dataclass
class BenchResult:
    entries: int
    seconds_generating: float
    seconds_indexing: float
    index_bytes: int | None
    search_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    per_query: dict[str, float] = field(default_factory=dict)

    def lines(self, vendor: str) -> list[str]:
        size = f"{self.index_bytes / 1024 / 1024:.1f} MiB" if self.index_bytes else "unknown"
        p = percentile
        return [
            f"{vendor}: {self.entries} entries generated in {self.seconds_generating:.1f}s, "
            f"indexed in {self.seconds_indexing:.1f}s, index {size}",
            f"search_entries (count, ranked page, load, snippets): "
            f"p50 {p(self.search_ms, 0.5):.1f} ms, p95 {p(self.search_ms, 0.95):.1f} ms",
            f"whole search page (view and template): "
            f"p50 {p(self.page_ms, 0.5):.1f} ms, p95 {p(self.page_ms, 0.95):.1f} ms",
            *(f"  {query!r}: median {ms:.1f} ms" for query, ms in self.per_query.items()),
        ]


def words(rng: random.Random, vocabulary: list[str], count: int, separator: str) -> str:
    return separator.join(rng.choice(vocabulary) for _ in range(count))


def generate(count: int, *, seed: int = 8) -> None:
    """``count`` entries, 70% English and 30% Chinese, 95% public, with topics."""
    rng = random.Random(seed)
    topics = Topic.objects.bulk_create(
        Topic(slug=f"topic-{n}", name=ENGLISH[n].title(), names={"zh-hans": CHINESE[n]})
        for n in range(30)
    )
    now = timezone.now()
    through = Entry.topics.through
    for start in range(0, count, 1000):
        batch = []
        for number in range(start, min(count, start + 1000)):
            chinese = rng.random() < 0.3
            vocabulary, separator = (CHINESE, "") if chinese else (ENGLISH, " ")
            paragraphs = [words(rng, vocabulary, 80, separator) for _ in range(3)]
            batch.append(
                Entry(
                    language="zh-hans" if chinese else "en",
                    slug=f"bench-{number}",
                    title=words(rng, vocabulary, rng.randint(4, 8), separator),
                    summary=words(rng, vocabulary, 25, separator),
                    body="\n\n".join(paragraphs),
                    body_html="".join(f"<p>{escape(text)}</p>" for text in paragraphs),
                    paper_authors="\n".join(rng.sample(SURNAMES, 3)),
                    status=Status.PUBLISHED if rng.random() < 0.95 else Status.DRAFT,
                    publish_at=now - timedelta(days=rng.randint(1, 2000)),
                )
            )
        created = Entry.objects.bulk_create(batch)
        through.objects.bulk_create(
            through(entry_id=entry.pk, topic_id=topic.pk)
            for entry in created
            for topic in rng.sample(topics, 2)
        )


def run(count: int, *, repeat: int = 20) -> BenchResult:
    started = time.perf_counter()
    generate(count)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    rebuild_index()
    indexed = time.perf_counter() - started
    result = BenchResult(count, generated, indexed, get_backend().size())
    client = Client()
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for language, queries in QUERIES.items():
            for text in queries:
                timings = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    search_entries(parse_query(text), language=language)
                    timings.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    client.get(f"/{language}/search/", {"q": text})
                    result.page_ms.append((time.perf_counter() - started) * 1000)
                result.search_ms.extend(timings)
                result.per_query[text] = statistics.median(timings)
    return result
