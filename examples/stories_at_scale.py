"""Who rewrote whom across a month of articles, on a Dask cluster.

A month of a news archive holds hundreds of stories. ``storylens.dask.stories`` groups the
articles into stories across the whole corpus (the same labels as ``ArticleSet.stories()``
on one machine), then ``storylens.dask.compare_stories`` compares each story on its own,
stories in parallel, and says for each article which one it most likely draws on. The
articles here are generated (``storylens.datasets.generated``): each story's wire copy,
then outlets' rewrites of it over the following days. Run it with::

    pip install "storylens[dask]"
    python examples/stories_at_scale.py --articles 2000

It starts a local cluster of two worker processes; pass ``--scheduler tcp://host:8786`` to
use a running one instead.
"""

from __future__ import annotations

import argparse
import warnings

import dask
import dask.dataframe as dd
import storylens.dask
from distributed import Client, LocalCluster
from storylens.datasets.generated import generated_archive


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles in the month")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--max-story-size", type=int, default=200)
    parser.add_argument("--scheduler", help="a running scheduler's address")
    args = parser.parse_args(argv)

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0")
        client = Client(cluster)
    with client:
        archive = generated_archive(args.articles, days=30).drop(columns="story")
        month = dd.from_pandas(archive.set_index("id"), npartitions=args.partitions, sort=False)
        month = month.persist()  # stories() reads the texts several times

        labels = storylens.dask.stories(month["text"]).persist()
        sizes = labels.value_counts().compute().sort_values(ascending=False)
        print(
            f"{args.articles} articles, {len(sizes)} stories; the largest: "
            f"{', '.join(str(size) for size in sizes.head(5))} articles"
        )

        with warnings.catch_warnings(record=True) as skipped:
            warnings.simplefilter("always", storylens.dask.LargeStoryWarning)
            results = storylens.dask.compare_stories(
                month, labels, max_story_size=args.max_story_size
            )
        for warning in skipped:
            print(f"note: {warning.message}")
        sources, summary, status = dask.compute(
            results["sources"], results["reuse_summary"], results["status"]
        )

    compared = status[status["status"] == "compared"]
    print(f"compared {len(compared)} stories of 2 or more articles, in parallel")
    rewrites = sources.dropna(subset=["source"])
    print(f"{len(rewrites)} articles draw on another article of their story")
    top = rewrites.merge(archive[["id", "outlet"]], left_on="source", right_on="id")
    print("most rewritten outlets:")
    print(top["outlet"].value_counts().head(3).to_string())
    print("the largest copies (story, source, copy, share of the copy, evidence):")
    columns = ["story", "source", "copy", "share_of_copy", "evidence"]
    largest = summary.sort_values(["share_of_copy", "story", "copy"], ascending=[False, True, True])
    print(largest[columns].head(5).to_string(index=False))


if __name__ == "__main__":
    main()
