package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"
)

// registerNames are the village's residents' names by number.
func registerNames(t *testing.T, c *client, vid string) map[string]string {
	t.Helper()
	var reg struct {
		Residents []struct {
			No   string `json:"resident_no"`
			Name string `json:"name"`
		} `json:"residents"`
	}
	c.mustJSON("GET", "/api/v1/orgs/"+vid+"/residents", nil, 200, &reg)
	out := map[string]string{}
	for _, r := range reg.Residents {
		out[r.No] = r.Name
	}
	return out
}

// writePNG writes a small photo to path.
func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		img.Set(x, x, color.RGBA{G: 160, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
