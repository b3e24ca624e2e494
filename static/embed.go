// Package static holds the web shell (HTML, CSS, JavaScript and the
// translation files). It is embedded in the binary so that one file can be
// copied to a village server and run without a separate web root.
package static

import "embed"

// FS is the embedded web shell, served at the site root.
//
//go:embed index.html css js i18n
var FS embed.FS
