//! A bar chart drawn as inline SVG: a few rectangles and labels, no chart library (the
//! client's weight budget, issue 8). Screen readers get the title and every bar's value
//! as text.

use leptos::prelude::*;

/// One bar: its label under it and its value above it, both as people read them.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u32,
    pub value_text: String,
}

/// A small drawing box, so its text stays readable when a phone scales it down.
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 180.0;
/// Room for the value above the tallest bar and the label under every bar.
const TOP: f64 = 20.0;
const BOTTOM: f64 = 24.0;

/// Where each bar goes: (x, y, width, height) in the chart's 360 × 180 box.
pub fn layout(values: &[u32]) -> Vec<(f64, f64, f64, f64)> {
    let count = values.len().max(1) as f64;
    let slot = WIDTH / count;
    let width = slot * 0.6;
    let tallest = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let room = HEIGHT - TOP - BOTTOM;
    values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let height = room * f64::from(*value) / tallest;
            let x = slot * index as f64 + (slot - width) / 2.0;
            (x, HEIGHT - BOTTOM - height, width, height)
        })
        .collect()
}

#[component]
pub fn BarChart(
    /// Names the chart (an id for `aria-labelledby`).
    id: &'static str,
    title: String,
    bars: Vec<Bar>,
) -> impl IntoView {
    let values: Vec<u32> = bars.iter().map(|bar| bar.value).collect();
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let shapes = layout(&values)
        .into_iter()
        .zip(bars)
        .map(|((x, y, width, height), bar)| {
            let middle = x + width / 2.0;
            view! {
                <g>
                    <title>{format!("{}: {}", bar.label, bar.value_text)}</title>
                    <rect class="chart-bar" x=x y=y width=width height=height rx="3" />
                    <text class="chart-value" x=middle y=y - 6.0 text-anchor="middle">{bar.value_text.clone()}</text>
                    <text class="chart-label" x=middle y=HEIGHT - 8.0 text-anchor="middle">{bar.label.clone()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" id=id>
            <figcaption id=title_id>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=labelled_by>
                <line class="chart-axis" x1="0" x2=WIDTH y1=HEIGHT - BOTTOM y2=HEIGHT - BOTTOM />
                {shapes}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_tallest_and_stand_on_the_axis() {
        let bars = layout(&[0, 5, 10]);
        let base = HEIGHT - BOTTOM;
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[0].3, 0.0, "nothing, no bar");
        assert!((bars[2].3 - (HEIGHT - TOP - BOTTOM)).abs() < 1e-9, "the tallest fills the room");
        assert!((bars[1].3 * 2.0 - bars[2].3).abs() < 1e-9, "half the value, half the height");
        for (x, y, width, height) in &bars {
            assert!((y + height - base).abs() < 1e-9, "every bar stands on the axis");
            assert!(*x >= 0.0 && x + width <= WIDTH);
        }
    }

    #[test]
    fn an_empty_or_all_zero_chart_draws_nothing_tall() {
        assert!(layout(&[]).is_empty());
        assert!(layout(&[0, 0]).iter().all(|bar| bar.3 == 0.0));
    }
}
