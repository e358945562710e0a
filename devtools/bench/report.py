"""The figures ``manage.py bench`` measures, and the table and JSON it reports them in.

Separate from the measuring (``devtools.bench.run``) so that every kind of figure
(our exports, live latency, Hugo on the same entries) is laid out in one
place, and a run's JSON can be compared with another's key for key.
"""

from dataclasses import asdict, dataclass, field


@dataclass
class ExportFigure:
    """One timed export: what it wrote, how fast, and the peak memory of its processes.

    ``pages`` are documents with content (HTML pages, feeds, sitemaps, API
    JSON); ``redirects`` the redirect pages written for old URLs, counted
    apart because they are not pages and cost almost nothing to write.
    ``pages_per_second`` is of ``pages`` only. ``cpu_seconds`` is user plus
    system time of the process that exported (and its waited-for children).
    ``redirects`` is ``None`` where the figure comes from the export command's
    summary line, whose page count includes them.
    """

    label: str
    pages: int
    rendered: int
    reused: int
    seconds: float
    peak_mb: float | None
    redirects: int | None = 0
    cpu_seconds: float | None = None

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "pages_per_second": round(self.pages_per_second, 1)}


@dataclass
class HugoFigure(ExportFigure):
    """Hugo building the same entries: its pages, aliases (redirects), time and peak RSS."""

    version: str = ""


@dataclass
class LatencyFigure:
    """Response times of one URL through Django's handler, and the queries it ran."""

    label: str
    path: str
    requests: int
    p50_ms: float
    p95_ms: float
    queries: int

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class BenchReport:
    entries: int
    generate_seconds: float
    exports: list[ExportFigure] = field(default_factory=list)
    latency: list[LatencyFigure] = field(default_factory=list)
    hugo: HugoFigure | None = None

    def full_exports(self) -> list[ExportFigure]:
        return [figure for figure in self.exports if figure.label.startswith("full,")]

    def hugo_ratios(self) -> dict[str, float]:
        """Hugo's pages per second over ours, for each full export (how many times faster)."""
        if self.hugo is None:
            return {}
        return {
            figure.label: round(self.hugo.pages_per_second / figure.pages_per_second, 2)
            for figure in self.full_exports()
            if figure.pages_per_second
        }

    def as_dict(self) -> dict:
        figures = {
            "entries": self.entries,
            "generate_seconds": round(self.generate_seconds, 2),
            "exports": [figure.as_dict() for figure in self.exports],
            "latency": [figure.as_dict() for figure in self.latency],
        }
        if self.hugo is not None:
            figures["hugo"] = self.hugo.as_dict()
            figures["hugo_ratios"] = self.hugo_ratios()
        return figures

    def table(self) -> str:
        lines = [f"{self.entries} entries (generated in {self.generate_seconds:.1f} s)", ""]
        lines.append(
            f"{'export':<44} {'pages':>7} {'redirects':>9} {'rendered':>8} {'s':>8} "
            f"{'CPU s':>7} {'pages/s':>8} {'MB':>6}"
        )
        rows = [*self.exports, *([self.hugo] if self.hugo else [])]
        for figure in rows:
            peak = f"{figure.peak_mb:.0f}" if figure.peak_mb is not None else "n/a"
            cpu = f"{figure.cpu_seconds:.2f}" if figure.cpu_seconds is not None else "n/a"
            redirects = figure.redirects if figure.redirects is not None else "n/a"
            lines.append(
                f"{figure.label:<44} {figure.pages:>7} {redirects:>9} {figure.rendered:>8} "
                f"{figure.seconds:>8.2f} {cpu:>7} {figure.pages_per_second:>8.0f} {peak:>6}"
            )
        for label, ratio in self.hugo_ratios().items():
            lines.append(f"Hugo's pages/s are {ratio:.1f} times ours ({label})")
        lines += ["", f"{'live page':<44} {'p50 ms':>7} {'p95 ms':>8} {'queries':>8}"]
        for figure in self.latency:
            lines.append(
                f"{figure.label:<44} {figure.p50_ms:>7.1f} {figure.p95_ms:>8.1f} "
                f"{figure.queries:>8}"
            )
        return "\n".join(lines)
