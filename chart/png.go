package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"sync"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"

	"github.com/pakbot/pakbot/bot"
)

// The PNG's size in pixels: wide enough for five periods' labels, and a
// shape Telegram and Discord show without cropping.
const (
	Width  = 1000
	Height = 625
)

// The plot's margins inside the image, in pixels; the bottom one is above
// the sources' lines.
const (
	pngLeft, pngRight, pngTop = 112, 32, 72
	// pngPeriods is the room under the plot for the period labels and
	// the axis's name; slanted labels need more.
	pngPeriods, pngSlantedPeriods = 92, 124
)

// Colours: the bars a dark green that prints well in grey too, as on the
// web page.
var (
	barColor   = color.RGBA{R: 0x0b, G: 0x6e, B: 0x4f, A: 0xff}
	inkColor   = color.Gray{Y: 0x22}
	tickColor  = color.Gray{Y: 0x44}
	gridColor  = color.Gray{Y: 0xdd}
	zeroColor  = color.Gray{Y: 0x55}
	paperColor = color.White
)

// Font sizes in pixels.
const (
	titleSize  = 28
	labelSize  = 21
	valueSize  = 19
	sourceSize = 15
)

// fonts are the Go fonts, regular and bold, parsed on first use: a chart
// is drawn rarely, and most processes never draw one.
var fonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	var fs [2]*opentype.Font
	for i, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return fs, fmt.Errorf("chart: cannot read font: %w", err)
		}
		fs[i] = f
	}
	return fs, nil
})

// PNG draws c as a Width×Height PNG image: a titled bar chart, one bar
// per period labelled with its figure, the value axis labelled with the
// unit, and the sources named underneath.
func PNG(c bot.Chart) ([]byte, error) {
	if len(c.Points) == 0 {
		return nil, errors.New("chart: no points to draw")
	}
	fs, err := fonts()
	if err != nil {
		return nil, err
	}
	cv := &canvas{img: image.NewRGBA(image.Rect(0, 0, Width, Height)), fonts: fs, faces: map[faceKey]font.Face{}}
	defer cv.close()
	xdraw.Draw(cv.img, cv.img.Bounds(), image.NewUniform(paperColor), image.Point{}, xdraw.Src)

	cv.text(cv.fit(c.Title, titleSize, true, Width-48), Width/2, 44, titleSize, true, inkColor, alignCenter)

	periodSize, slant, periodsRoom := float64(labelSize), false, float64(pngPeriods)
	switch n := len(c.Points); {
	case n > 6:
		// Slanted, many periods' labels do not run into each other.
		periodSize, slant, periodsRoom = 15, true, pngSlantedPeriods
	case n > 4:
		periodSize = 17
	}
	sources := sourceLines(c)
	lineHeight := sourceSize * 1.45
	footer := lineHeight*float64(len(sources)+1) + 16
	plotTop, plotBottom := float64(pngTop), Height-footer-periodsRoom
	plotLeft, plotRight := float64(pngLeft), float64(Width-pngRight)
	plotW, plotH := plotRight-plotLeft, plotBottom-plotTop

	lo, hi := span(c)
	axis := ticks(lo, hi*1.12, 5)
	lo, hi = axis[0], axis[len(axis)-1]
	y := func(v float64) float64 { return plotTop + (hi-v)/(hi-lo)*plotH }
	for _, v := range axis {
		ty := math.Round(y(v))
		line := gridColor
		if v == 0 {
			line = zeroColor
		}
		cv.fill(plotLeft, ty, plotRight, ty+1, line)
		cv.text(bot.FormatValue(v), plotLeft-10, ty+valueSize*0.35, valueSize, false, tickColor, alignRight)
	}
	cv.rotated(c.Unit, 30, plotTop+plotH/2, labelSize, math.Pi/2, alignCenter)

	slot := plotW / float64(len(c.Points))
	w := min(slot*0.6, 140)
	for i, f := range c.Points {
		v := f.Figure.Value
		mid := plotLeft + slot*(float64(i)+0.5)
		top, bottom := y(max(v, 0)), y(min(v, 0))
		cv.fill(mid-w/2, top, mid+w/2, bottom, barColor)
		valueY := top - 8
		if v < 0 {
			valueY = bottom + valueSize + 4
		}
		cv.text(bot.FormatValue(v), mid, valueY, valueSize, false, inkColor, alignCenter)
		label := PeriodLabel(f.Period)
		if slant {
			cv.rotated(label, mid, plotBottom+18, periodSize, math.Pi/5, alignRight)
		} else {
			cv.text(label, mid, plotBottom+12+periodSize, periodSize, false, inkColor, alignCenter)
		}
	}
	cv.text("Period", plotLeft+plotW/2, plotBottom+periodsRoom-12, labelSize, false, inkColor, alignCenter)

	ly := Height - footer + lineHeight
	cv.text("Sources:", 24, ly, sourceSize, false, tickColor, alignLeft)
	for _, line := range sources {
		ly += lineHeight
		cv.text(cv.fit(line, sourceSize, false, Width-48), 24, ly, sourceSize, false, tickColor, alignLeft)
	}

	var buf bytes.Buffer
	if err := png.Encode(&buf, cv.img); err != nil {
		return nil, fmt.Errorf("chart: cannot encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

type faceKey struct {
	size float64
	bold bool
}

// canvas is an image being drawn, with the font faces used so far.
type canvas struct {
	img   *image.RGBA
	fonts [2]*opentype.Font
	faces map[faceKey]font.Face
}

// face returns the regular or bold face at size pixels.
func (cv *canvas) face(size float64, bold bool) font.Face {
	k := faceKey{size, bold}
	if f, ok := cv.faces[k]; ok {
		return f
	}
	i := 0
	if bold {
		i = 1
	}
	// At 72 dots per inch a point is a pixel. The fonts parse, so a face
	// of a positive size cannot fail.
	f, err := opentype.NewFace(cv.fonts[i], &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	cv.faces[k] = f
	return f
}

func (cv *canvas) close() {
	for _, f := range cv.faces {
		f.Close()
	}
}

// fill paints the rectangle from (x0, y0) to (x1, y1).
func (cv *canvas) fill(x0, y0, x1, y1 float64, c color.Color) {
	r := image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1)))
	xdraw.Draw(cv.img, r, image.NewUniform(c), image.Point{}, xdraw.Over)
}

// width is how wide s is drawn at size, in pixels.
func (cv *canvas) width(s string, size float64, bold bool) float64 {
	return float64(font.MeasureString(cv.face(size, bold), s)) / 64
}

// text writes s with its baseline at y, starting, centred or ending at x.
func (cv *canvas) text(s string, x, y, size float64, bold bool, c color.Color, a align) {
	x -= float64(a) / 2 * cv.width(s, size, bold)
	d := font.Drawer{Dst: cv.img, Src: image.NewUniform(c), Face: cv.face(size, bold), Dot: fixed.P(int(math.Round(x)), int(math.Round(y)))}
	d.DrawString(s)
}

// rotated writes s turned angle radians anticlockwise about the point
// (x, y) of its baseline where it starts, centres or ends.
func (cv *canvas) rotated(s string, x, y, size, angle float64, a align) {
	face := cv.face(size, false)
	m := face.Metrics()
	w := int(math.Ceil(cv.width(s, size, false))) + 2
	h := (m.Ascent + m.Descent).Ceil() + 2
	if w <= 2 {
		return
	}
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	base := float64(m.Ascent.Ceil() + 1)
	d := font.Drawer{Dst: src, Src: image.NewUniform(inkColor), Face: face, Dot: fixed.P(1, int(base))}
	d.DrawString(s)
	// The anchor in the label's own image maps to (x, y); the rest turns
	// about it. y grows downwards, so anticlockwise is a negative angle.
	ax := 1 + float64(a)/2*float64(w-2)
	sin, cos := math.Sincos(angle)
	xdraw.BiLinear.Transform(cv.img, f64.Aff3{
		cos, sin, x - cos*ax - sin*base,
		-sin, cos, y + sin*ax - cos*base,
	}, src, src.Bounds(), xdraw.Over, nil)
}

// fit shortens s to width pixels, ending it with "…" when cut.
func (cv *canvas) fit(s string, size float64, bold bool, width float64) string {
	if cv.width(s, size, bold) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && cv.width(string(r)+"…", size, bold) > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
