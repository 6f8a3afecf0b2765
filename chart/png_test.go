package chart_test

import (
	"bytes"
	"flag"
	"fmt"
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
	if img, err := png.Decode(bytes.NewReader(data)); err != nil || img.Bounds().Dx() != chart.Width {
		t.Fatalf("not a %d-pixel-wide PNG: %v", chart.Width, err)
	}
	svg, err := chart.SVG(c, "many")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(svg), "<rect"); n != 20 {
		t.Errorf("%d bars, want 20", n)
	}
}
