"""Demo step for the certification layer: rubric, programs and their demo data."""

from certification import demo_programs, demo_rubrics


def seed(*, stdout) -> None:
    demo_rubrics.seed(stdout=stdout)
    demo_programs.seed(stdout=stdout)
