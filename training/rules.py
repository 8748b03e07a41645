"""Pure rules of running a co-trained session: where the day stands given the
timings kept so far. No queries; the runner's service and selector share them."""

NOT_STARTED = -1


def runner_position(timings, segment_count: int) -> int:
    """-1 before the first segment, the running segment's position, or
    ``segment_count`` once the last segment has ended."""
    if not timings:
        return NOT_STARTED
    running = [t for t in timings if t.ended_at is None]
    if running:
        return running[0].position
    return min(max(t.position for t in timings) + 1, segment_count)


# --- Knowledge checks ---------------------------------------------------------------


def score_percent(correct: int, total: int) -> int:
    """The share right, rounded to the nearest percent (halves up): 2 of 3 is 67."""
    return (200 * correct + total) // (2 * total) if total else 0


def questions_needed(total: int, pass_mark: int) -> int:
    """Right answers needed to pass: the pass mark applied to the number of
    questions, rounded to the nearest whole question (halves up). At the default
    80%, 3 of 4 passes; a program that wants every answer right sets 100%."""
    return min(total, max(1, (2 * total * pass_mark + 100) // 200))


def check_passed(correct: int, total: int, pass_mark: int) -> bool:
    return total > 0 and correct >= questions_needed(total, pass_mark)
