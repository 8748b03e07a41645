"""The geometry of the two inline SVG charts drawn on the server: the line of a
trainee's mean scores and the bars of expiries by month. Pure: plain numbers in,
coordinates out (in the SVG's own units); the selectors read the numbers and the
templates draw the shapes and the tables that repeat them."""

from collections import defaultdict
from dataclasses import dataclass, field

# --- Line chart of mean scores (1–4) ------------------------------------------------
# Small enough that labels stay legible when a phone shrinks the drawing.
LINE = {"width": 400, "height": 220, "left": 32, "right": 352, "top": 16, "bottom": 36}
LINE_INSET = 16  # keeps the first and last dots off the axis
SCALE = (1, 2, 3, 4)


@dataclass
class LineChart:
    """Points of a line chart, oldest first; each point is a dict with ``x``, ``y``
    and ``label`` (its number, from 1), to which a caller may add what it drew."""

    width: int
    height: int
    left: int
    right: int
    points: list
    polyline: str
    ticks: list
    pass_y: float
    pass_mean: object


def line_chart(values: list, *, pass_mean) -> LineChart | None:
    """Each value (1–4) as a dot left to right, with the bar to pass drawn across;
    None when there is nothing to draw."""
    if not values:
        return None
    inner_w = LINE["right"] - LINE["left"]
    inner_h = LINE["height"] - LINE["top"] - LINE["bottom"]

    def y_of(value) -> float:
        return round(LINE["top"] + inner_h * (SCALE[-1] - float(value)) / 3, 1)

    step = (inner_w - 2 * LINE_INSET) / max(len(values) - 1, 1)
    points = []
    for n, value in enumerate(values):
        offset = LINE_INSET + step * n if len(values) > 1 else inner_w / 2
        x = round(LINE["left"] + offset, 1)
        points.append({"x": x, "y": y_of(value), "label": n + 1})
    return LineChart(
        width=LINE["width"],
        height=LINE["height"],
        left=LINE["left"],
        right=LINE["right"],
        points=points,
        polyline=" ".join(f"{p['x']},{p['y']}" for p in points),
        ticks=[{"value": v, "y": y_of(v)} for v in SCALE],
        pass_y=y_of(pass_mean),
        pass_mean=pass_mean,
    )


# --- Kappa over time (-1 to 1), one line per series -------------------------------
KAPPA_TICKS = (-1, 0, 0.5, 1)  # "-0.5" would not fit left of the axis


def _kappa_y(value: float) -> float:
    inner_h = LINE["height"] - LINE["top"] - LINE["bottom"]
    return round(LINE["top"] + inner_h * (1 - value) / 2, 1)


def kappa_chart(points: list[tuple[str, float | None]], threshold) -> dict | None:
    """Kappa values in time order, each with its series: the x and y of each point
    (y None where kappa is undefined), a polyline per series, the ticks and the
    threshold's y; None when there is nothing to draw."""
    if not points:
        return None
    inner_w = LINE["right"] - LINE["left"]
    step = (inner_w - 2 * LINE_INSET) / max(len(points) - 1, 1)
    coords, lines = [], defaultdict(list)
    for n, (series, kappa) in enumerate(points):
        offset = LINE_INSET + step * n if len(points) > 1 else inner_w / 2
        x = round(LINE["left"] + offset, 1)
        y = None if kappa is None else _kappa_y(kappa)
        coords.append((x, y))
        if y is not None:
            lines[series].append(f"{x},{y}")
    return {
        **LINE,
        "coords": coords,
        "lines": {series: " ".join(xy) for series, xy in lines.items()},
        "ticks": [{"value": v, "y": _kappa_y(v)} for v in KAPPA_TICKS],
        "threshold_y": None if threshold is None else _kappa_y(float(threshold)),
    }


# --- Bar chart of counts --------------------------------------------------------------


@dataclass
class Bar:
    label: object  # what the caller counted in this bar (a month)
    count: int
    x: float
    y: float
    height: float
    cx: float = 0.0  # the bar's centre, where its labels go


@dataclass
class BarChart:
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[int, float]] = field(default_factory=list)  # (value, y)
    width: int = 720
    height: int = 260
    top: int = 16
    bottom: int = 36
    left: int = 44
    bar_width: float = 0.0
    total: int = 0

    @property
    def base(self) -> int:
        return self.height - self.bottom


def nice_max(value: int) -> int:
    """The top of the axis: a round number at least ``value``, in four steps."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step * 4:
            return step * 4
    return ((value // 10000) + 1) * 10000


def bar_chart(counts: list[int], labels: list) -> BarChart:
    """One bar per count, left to right, labelled with ``labels``; the axis has
    five ticks from 0 to a round top."""
    chart = BarChart()
    top = nice_max(max([*counts, 1]))
    plot_h = chart.base - chart.top
    slot = (chart.width - chart.left - 8) / max(len(counts), 1)
    chart.bar_width = round(slot * 0.7, 1)
    for index, (label, count) in enumerate(zip(labels, counts, strict=True)):
        height = round(plot_h * count / top, 1)
        chart.bars.append(
            Bar(
                label=label,
                count=count,
                x=round(chart.left + index * slot + slot * 0.15, 1),
                y=round(chart.base - height, 1),
                height=height,
                cx=round(chart.left + index * slot + slot / 2, 1),
            )
        )
    chart.ticks = [
        (top * step // 4, round(chart.base - plot_h * step / 4, 1)) for step in range(5)
    ]
    chart.total = sum(counts)
    return chart
