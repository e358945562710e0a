"""``python manage.py bench_markdown``: Markdown pipelines' conformance, speed and bomb times.

The measuring is ``devtools.markdown_bench`` (a checkout's development tools).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.management import devtools


class Command(BaseCommand):
    help = "Compare Markdown pipelines: CommonMark conformance, speed, and the bomb corpus."

    def add_arguments(self, parser):
        parser.add_argument("--bodies", type=int, default=10_000, help="Generated bodies (10000).")
        parser.add_argument("--spec", type=Path, help="CommonMark spec examples (JSON).")
        parser.add_argument(
            "--compare-with",
            type=Path,
            action="append",
            default=[],
            help="A module file with its own render_markdown, e.g. an earlier cms/markdown.py.",
        )

    def handle(self, *args, **options):
        from cms.markdown import render_markdown

        bench = devtools.load("markdown_bench", "bench_markdown")

        pipelines = {"site (cms.markdown)": render_markdown}
        for path in options["compare_with"]:
            if not path.is_file():
                raise CommandError(f"No module file at {path}.")
            pipelines[str(path)] = bench.load_pipeline(path)
        if options["spec"]:
            if not options["spec"].is_file():
                raise CommandError(f"No spec file at {options['spec']}.")
            for name, engine in bench.engines().items():
                passed, total, failures = bench.conformance(engine, options["spec"])
                worst = ", ".join(
                    f"{s} {n}" for s, n in sorted(failures.items(), key=lambda i: -i[1])[:5]
                )
                self.stdout.write(f"conformance  {name}: {passed}/{total} ({worst})")
        demo = bench.demo_bodies()
        generated = [bench.generated_body(n) for n in range(options["bodies"])]
        size = sum(map(len, generated))
        for name, render in pipelines.items():
            demo_seconds = bench.time_bodies(render, demo * 20)
            seconds = bench.time_bodies(render, generated)
            self.stdout.write(
                f"speed        {name}: demo bodies x20 ({len(demo) * 20}) {demo_seconds:.2f} s; "
                f"{len(generated):,} generated bodies ({size / 1e6:.1f} MB) {seconds:.2f} s"
            )
        for name, render in pipelines.items():
            for bomb, outcome, seconds in bench.time_bombs(render):
                self.stdout.write(f"bomb         {name}: {bomb:28} {outcome:8} {seconds:6.3f} s")
