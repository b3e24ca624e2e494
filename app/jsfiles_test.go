package main

import (
	"bytes"
	"fmt"
	"io/fs"

	"yishi/static"
)

// jsSource reads the page modules matching the patterns (fs.Glob patterns
// under static/, e.g. "js/vote*.js"), joined: the UI string tests read the
// pages of one feature, which live in several small files.
func jsSource(patterns ...string) ([]byte, error) {
	var out bytes.Buffer
	for _, p := range patterns {
		files, err := fs.Glob(static.FS, p)
		if err != nil {
			return nil, fmt.Errorf("glob %s: %w", p, err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("no file matches %s", p)
		}
		for _, f := range files {
			b, err := fs.ReadFile(static.FS, f)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", f, err)
			}
			out.Write(b)
			out.WriteByte('\n')
		}
	}
	return out.Bytes(), nil
}
