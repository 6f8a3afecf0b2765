package chart_test

import (
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/chart"
)

// svgElements parses an SVG document and counts its elements by name, and
// collects its text.
func svgElements(t *testing.T, svg string) (map[string]int, string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	counts := map[string]int{}
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return counts, text.String()
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			counts[tok.Name.Local]++
		case xml.CharData:
			text.Write(tok)
			text.WriteString(" ")
		}
	}
}

func TestSVG(t *testing.T) {
	svg, err := chart.SVG(exportsChart(), "chart-exports")
	if err != nil {
		t.Fatal(err)
	}
	if *keep != "" {
		os.WriteFile(*keep+"/chart.svg", []byte(svg), 0o644)
	}
	counts, text := svgElements(t, string(svg))
	if counts["svg"] != 1 || counts["rect"] != 3 {
		t.Errorf("elements = %v, want one svg with three bars", counts)
	}
	for _, want := range []string{"IT exports annual", "USD bn", "Jul–Nov 2022", "2023", "FY 2023-24", "3.223", "2.6", "1.1", "Period"} {
		if !strings.Contains(text, want) {
			t.Errorf("the chart does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(string(svg), "style=") {
		t.Error("the SVG uses style attributes, which the page's CSP refuses")
	}
}

func TestSVGEscapes(t *testing.T) {
	c := exportsChart()
	c.Title = `<script>alert("t")</script>`
	for i := range c.Points {
		c.Points[i].Figure.Unit = `"><script>alert(1)</script>`
	}
	c.Unit = c.Points[0].Figure.Unit
	svg, err := chart.SVG(c, "x")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(svg), "<script") {
		t.Fatalf("markup from the data reached the SVG:\n%s", svg)
	}
	if _, text := svgElements(t, string(svg)); !strings.Contains(text, `<script>alert("t")</script>`) {
		t.Errorf("the title is not shown as text:\n%s", text)
	}
}

func TestPeriodLabel(t *testing.T) {
	for raw, want := range map[string]string{
		"FY2023-24": "FY 2023-24", "2023": "2023", "2024-11": "Nov 2024", "2021-05-21": "21 May 2021",
		"2024-07..2024-11": "Jul–Nov 2024", "2023-07..2024-02": "Jul 2023–Feb 2024", "2021..2023": "2021–2023",
	} {
		if got := chart.PeriodLabel(bot.MustParsePeriod(raw)); got != want {
			t.Errorf("PeriodLabel(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestNegativeAndSmallFigures(t *testing.T) {
	pts := []bot.Fact{point("a", "2021", -0.4, srcA), point("b", "2022", 0.003, srcA), point("c", "2023", 0.25, srcA)}
	c := bot.ChartsOf(pts)[0]
	if _, err := chart.PNG(c); err != nil {
		t.Fatal(err)
	}
	svg, err := chart.SVG(c, "neg")
	if err != nil {
		t.Fatal(err)
	}
	counts, text := svgElements(t, string(svg))
	if counts["rect"] != 3 || !strings.Contains(text, "-0.4") || !strings.Contains(text, "0.003") {
		t.Errorf("elements %v, text %s", counts, text)
	}
}
