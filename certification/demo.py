"""Demo step for the certification layer: rubric, programs, calibration and their
demo data."""

from certification import demo_calibration, demo_programs, demo_rubrics


def seed(*, stdout) -> None:
    demo_rubrics.seed(stdout=stdout)
    demo_programs.seed(stdout=stdout)
    demo_calibration.seed(stdout=stdout)
