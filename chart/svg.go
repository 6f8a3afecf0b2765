package chart

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"

	"github.com/pakbot/pakbot/bot"
)

// The SVG's coordinate system; it scales to the width of its container.
const (
	svgWidth, svgHeight                  = 480, 300
	svgLeft, svgRight, svgTop, svgBottom = 56, 8, 40, 60
)

// svgTemplate writes a chart as inline SVG. html/template escapes every
// text and attribute, so a title or unit a moderator wrote cannot become
// markup. Colours and fonts are presentation attributes, not style
// attributes, which the page's policy (style-src 'self') would refuse.
var svgTemplate = template.Must(template.New("chart").Parse(`<svg class="chart" viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-labelledby="{{.ID}}-title {{.ID}}-desc" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">
<title id="{{.ID}}-title">{{.Title}} ({{.Unit}})</title>
<desc id="{{.ID}}-desc">{{range $i, $b := .Bars}}{{if $i}}; {{end}}{{$b.Period}}: {{$b.Value}} {{$.Unit}}{{end}}</desc>
<text x="{{.CenterX}}" y="24" text-anchor="middle" font-size="18" font-weight="bold" fill="#222">{{.Title}}</text>
{{range .Ticks}}<line x1="{{$.Left}}" x2="{{$.Right}}" y1="{{.Y}}" y2="{{.Y}}" stroke="{{if .Zero}}#555{{else}}#ddd{{end}}" stroke-width="1"/>
<text x="{{$.TickX}}" y="{{.Y}}" dy="0.35em" text-anchor="end" font-size="14" fill="#444">{{.Label}}</text>
{{end}}<text transform="rotate(-90)" x="{{.AxisMidY}}" y="16" text-anchor="middle" font-size="15" fill="#222">{{.Unit}}</text>
{{range .Bars}}<g>
<title>{{.Period}}: {{.Value}} {{$.Unit}}</title>
<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="#0b6e4f"/>
<text x="{{.MidX}}" y="{{.LabelY}}" text-anchor="middle" font-size="15" fill="#222">{{.Value}}</text>
{{if $.Slant}}<text x="{{.MidX}}" y="{{$.PeriodY}}" transform="rotate(-35 {{.MidX}} {{$.PeriodY}})" text-anchor="end" font-size="{{$.PeriodSize}}" fill="#222">{{.Period}}</text>{{else}}<text x="{{.MidX}}" y="{{$.PeriodY}}" text-anchor="middle" font-size="{{$.PeriodSize}}" fill="#222">{{.Period}}</text>{{end}}
</g>
{{end}}<text x="{{.CenterX}}" y="{{.AxisLabelY}}" text-anchor="middle" font-size="15" fill="#222">Period</text>
</svg>`))

type svgTick struct {
	Y     float64
	Label string
	Zero  bool
}

type svgBar struct {
	X, Y, W, H, MidX, LabelY float64
	Period, Value            string
}

type svgChart struct {
	ID, Title, Unit                       string
	Width, Height                         int
	Left, Right, CenterX, TickX, AxisMidY float64
	PeriodY, AxisLabelY, PeriodSize       float64
	// Slant tilts the period labels when there are too many to fit level.
	Slant bool
	Ticks []svgTick
	Bars  []svgBar
}

// SVG draws c as an inline <svg> element whose ids start with id, which
// must be unique on the page and safe in an attribute (letters, digits,
// hyphens). Bars run oldest to newest, each labelled with its period and
// figure; the value axis is labelled with the unit.
func SVG(c bot.Chart, id string) (template.HTML, error) {
	if len(c.Points) == 0 {
		return "", errors.New("chart: no points to draw")
	}
	plotW, plotH := float64(svgWidth-svgLeft-svgRight), float64(svgHeight-svgTop-svgBottom)
	lo, hi := span(c)
	axis := ticks(lo, hi*1.12, 5)
	lo, hi = axis[0], axis[len(axis)-1]
	y := func(v float64) float64 { return svgTop + (hi-v)/(hi-lo)*plotH }

	d := svgChart{
		ID: id, Title: c.Title, Unit: c.Unit, Width: svgWidth, Height: svgHeight,
		Left: svgLeft, Right: svgWidth - svgRight, CenterX: svgLeft + plotW/2, TickX: svgLeft - 6,
		AxisMidY: -(svgTop + plotH/2), PeriodY: svgTop + plotH + 22, AxisLabelY: svgHeight - 10, PeriodSize: 15,
	}
	switch {
	case len(c.Points) > 6:
		d.PeriodSize, d.Slant = 11, true
	case len(c.Points) > 4:
		d.PeriodSize = 12
	}
	for _, v := range axis {
		d.Ticks = append(d.Ticks, svgTick{Y: round1(y(v)), Label: bot.FormatValue(v), Zero: v == 0})
	}
	slot := plotW / float64(len(c.Points))
	w := min(slot*0.6, 80)
	for i, f := range c.Points {
		v := f.Figure.Value
		top, bottom := y(max(v, 0)), y(min(v, 0))
		b := svgBar{
			X: round1(svgLeft + slot*float64(i) + (slot-w)/2), Y: round1(top), W: round1(w), H: round1(bottom - top),
			MidX: round1(svgLeft + slot*(float64(i)+0.5)), LabelY: round1(top - 6),
			Period: PeriodLabel(f.Period), Value: bot.FormatValue(v),
		}
		if v < 0 {
			b.LabelY = round1(bottom + 16)
		}
		d.Bars = append(d.Bars, b)
	}
	var buf bytes.Buffer
	if err := svgTemplate.Execute(&buf, d); err != nil {
		return "", fmt.Errorf("chart: cannot write SVG: %w", err)
	}
	return template.HTML(buf.String()), nil // escaped by svgTemplate
}

func round1(v float64) float64 { return float64(int(v*10+0.5*sign(v))) / 10 }

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
