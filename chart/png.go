package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/pakbot/pakbot/bot"
)

// The PNG's size in pixels: wide enough for five periods' labels, and a
// shape Telegram and Discord show without cropping.
const (
	Width  = 1000
	Height = 625
	dpi    = 150
)

// barColor is the bars' fill, a dark green that prints well in grey too.
var barColor = color.RGBA{R: 0x0b, G: 0x6e, B: 0x4f, A: 0xff}

// px converts pixels at the image's resolution into plot lengths.
func px(n float64) vg.Length { return vg.Length(n) * vg.Inch / dpi }

// PNG draws c as a Width×Height PNG image: a titled bar chart, one bar
// per period labelled with its figure, the value axis labelled with the
// unit, and the sources named underneath.
func PNG(c bot.Chart) ([]byte, error) {
	if len(c.Points) == 0 {
		return nil, errors.New("chart: no points to draw")
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.Title.TextStyle.Font = sans(15)
	p.Y.Label.Text = c.Unit
	p.X.Label.Text = "Period"
	p.Y.Label.TextStyle.Font = sans(12)
	p.X.Label.TextStyle.Font = sans(12)
	p.X.Tick.Label.Font = sans(10)
	p.Y.Tick.Label.Font = sans(10)
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	p.Add(grid)

	values := make(plotter.Values, len(c.Points))
	labels := make([]string, len(c.Points))
	tops := make(plotter.XYs, len(c.Points))
	figures := make([]string, len(c.Points))
	for i, f := range c.Points {
		values[i] = f.Figure.Value
		labels[i] = PeriodLabel(f.Period)
		tops[i] = plotter.XY{X: float64(i), Y: f.Figure.Value}
		figures[i] = bot.FormatValue(f.Figure.Value)
	}
	bars, err := plotter.NewBarChart(values, px(min(140, 600/float64(len(values)))))
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	bars.Color = barColor
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.NominalX(labels...)
	if len(labels) > 6 {
		// Slanted, many periods' labels do not run into each other.
		p.X.Tick.Label.Rotation = math.Pi / 5
		p.X.Tick.Label.XAlign = text.XRight
		p.X.Tick.Label.YAlign = text.YCenter
	}

	marks, err := plotter.NewLabels(plotter.XYLabels{XYs: tops, Labels: figures})
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	for i := range marks.TextStyle {
		marks.TextStyle[i].XAlign = text.XCenter
		marks.TextStyle[i].Font = sans(10)
	}
	marks.Offset = vg.Point{Y: px(8)}
	p.Add(marks)

	lo, hi := span(c)
	axis := ticks(lo, hi*1.12, 5)
	p.Y.Min, p.Y.Max = axis[0], axis[len(axis)-1]
	p.Y.Tick.Marker = valueTicks(axis)
	p.X.Min, p.X.Max = -0.6, float64(len(values))-0.4
	p.X.Tick.Length = 0

	canvas := vgimg.NewWith(vgimg.UseWH(px(Width), px(Height)), vgimg.UseDPI(dpi))
	dc := draw.New(canvas)
	sources := sourceLines(c)
	style := draw.TextStyle{Color: color.Gray{Y: 0x44}, Font: sans(8), Handler: plot.DefaultTextHandler}
	lineHeight := style.Height("Sources") * 1.3
	footer := lineHeight*vg.Length(len(sources)+1) + px(16)
	p.Draw(draw.Crop(dc, px(8), -px(16), footer, -px(8)))

	y := footer - px(8) - lineHeight
	left, room := dc.Min.X+px(24), dc.Max.X-dc.Min.X-px(48)
	dc.FillText(style, vg.Point{X: left, Y: y}, "Sources:")
	for _, line := range sources {
		y -= lineHeight
		dc.FillText(style, vg.Point{X: left, Y: y}, fit(style, line, room))
	}

	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: canvas}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: cannot encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// sans is the sans-serif face of the fonts gonum/plot embeds, in points.
func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// valueTicks labels the value axis at exactly the given values.
type valueTicks []float64

func (t valueTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, v := range t {
		if v >= min && v <= max {
			out = append(out, plot.Tick{Value: v, Label: bot.FormatValue(v)})
		}
	}
	return out
}

// fit shortens a line of text to width, ending it with "…" when cut.
func fit(style draw.TextStyle, line string, width vg.Length) string {
	if style.Width(line) <= width {
		return line
	}
	r := []rune(line)
	for len(r) > 1 && style.Width(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
