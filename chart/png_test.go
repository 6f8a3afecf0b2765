package chart_test

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/chart"
)

var keep = flag.String("keep", "", "write the test charts' images into this directory, to look at them")

var (
	srcA = bot.Source{ID: "a", Title: "Pakistan's IT and telecom achievements, FY 2023-24", Publisher: "MEA Tech Watch", URL: "https://meatechwatch.com/?p=16838"}
	srcB = bot.Source{ID: "b", Title: "IT Ministry's Plans to Propel 5G Launch and Tech Sector Growth", Publisher: "chatswithfolks.com", URL: "https://chatswithfolks.com/it-ministry-plans-5g-launch-in-pakistan/"}
)

func point(key, period string, value float64, src bot.Source) bot.Fact {
	return bot.Fact{Key: key, Series: "it-exports-annual", Period: bot.MustParsePeriod(period), Figure: bot.Figure{Value: value, Unit: "USD bn"},
		SourceID: src.ID, Source: src, Text: "Pakistan's IT exports were high."}
}

func exportsChart() bot.Chart {
	return bot.ChartsOf([]bot.Fact{
		point("fy24", "FY2023-24", 3.223, srcA),
		point("y23", "2023", 2.6, srcB),
		point("r", "2022-07..2022-11", 1.1, srcA),
	})[0]
}

func TestPNG(t *testing.T) {
	data, err := chart.PNG(exportsChart())
	if err != nil {
		t.Fatal(err)
	}
	if *keep != "" {
		os.WriteFile(*keep+"/chart.png", data, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the chart is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != chart.Width || b.Dy() != chart.Height {
		t.Errorf("image is %dx%d, want %dx%d", b.Dx(), b.Dy(), chart.Width, chart.Height)
	}
	if n := bars(img); n != 3 {
		t.Errorf("%d bars drawn, want 3", n)
	}
}

// bars counts the bars in a chart image: the most separate runs of the
// bars' colour along any row.
func bars(img image.Image) int {
	green := color.RGBA{R: 0x0b, G: 0x6e, B: 0x4f, A: 0xff}
	most := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		runs, in := 0, false
		for x := b.Min.X; x < b.Max.X; x++ {
			is := color.RGBAModel.Convert(img.At(x, y)) == green
			if is && !in {
				runs++
			}
			in = is
		}
		most = max(most, runs)
	}
	return most
}

// TestManyPeriods draws a long series: every bar is there and the image
// keeps its size.
func TestManyPeriods(t *testing.T) {
	var pts []bot.Fact
	for y := 2005; y < 2025; y++ {
		pts = append(pts, point(fmt.Sprint(y), fmt.Sprintf("FY%d-%02d", y, (y+1)%100), float64(y-2000)/10, srcA))
	}
	c := bot.ChartsOf(pts)[0]
	data, err := chart.PNG(c)
	if err != nil {
		t.Fatal(err)
	}
	if *keep != "" {
		os.WriteFile(*keep+"/chart-many.png", data, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil || img.Bounds().Dx() != chart.Width {
		t.Fatalf("not a %d-pixel-wide PNG: %v", chart.Width, err)
	}
	if n := bars(img); n != 20 {
		t.Errorf("%d bars drawn, want 20", n)
	}
	svg, err := chart.SVG(c, "many")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(svg), "<rect"); n != 20 {
		t.Errorf("%d bars, want 20", n)
	}
}

// TestNegativeFigure draws a bar below the zero line: the two positive
// bars share rows, the negative one stands alone under them.
func TestNegativeFigure(t *testing.T) {
	c := bot.ChartsOf([]bot.Fact{
		point("a", "2021", 1.2, srcA),
		point("b", "2022", -0.5, srcA),
		point("c", "2023", 0.8, srcA),
	})[0]
	data, err := chart.PNG(c)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if n := bars(img); n != 2 {
		t.Errorf("at most %d bars side by side, want 2 (the negative one below the others)", n)
	}
}
