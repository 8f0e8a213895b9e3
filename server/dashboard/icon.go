package dashboard

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
)

func iconPath(size int) string { return "/web/icon-" + strconv.Itoa(size) + ".png" }

// iconPNG draws static/icon.svg (a white arch over a deck on a blue
// rounded square) as a size×size PNG, for the manifest and the loader,
// which want PNG files. Drawn once, at the first request.
func iconPNG(size int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := color.NRGBA{0x1f, 0x4f, 0xd1, 0xff}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	s := float64(size) / 64 // the SVG's units
	for y := range size {
		for x := range size {
			u, v := (float64(x)+0.5)/s, (float64(y)+0.5)/s
			if !inRoundedSquare(u, v, 64, 13) {
				continue
			}
			c := blue
			// The arch: an ellipse centred at (32, 46), radii 20×26, stroke 5.
			du, dv := (u-32)/20, (v-46)/26
			if d := math.Hypot(du, dv); v <= 46 && math.Abs(d-1)*23 < 2.5 {
				c = white
			}
			if u >= 8 && u <= 56 && v >= 44 && v <= 49 { // the deck
				c = white
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("dashboard: encoding the icon: " + err.Error())
	}
	return b.Bytes()
}

// inRoundedSquare reports whether (u, v) lies in a square of side n with
// corners of radius r.
func inRoundedSquare(u, v, n, r float64) bool {
	cu := math.Min(math.Max(u, r), n-r)
	cv := math.Min(math.Max(v, r), n-r)
	return math.Hypot(u-cu, v-cv) <= r
}
