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
