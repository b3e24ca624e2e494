package web

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Metrics counts requests, errors and latencies per route, and writes them in
// the Prometheus text format. Routes are the registered patterns, so the
// number of series stays bounded whatever paths clients send.
type Metrics struct {
	mu     sync.Mutex
	series map[seriesKey]*series
}

type seriesKey struct{ method, route, status string }

type series struct {
	count   uint64
	sum     float64
	buckets []uint64
}

var latencyBuckets = []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// NewMetrics starts with no series.
func NewMetrics() *Metrics { return &Metrics{series: map[seriesKey]*series{}} }

// Middleware observes each request under its route pattern.
func (m *Metrics) Middleware(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		// The error handler has not run yet: take the status it will write.
		status = AsError(err).Status
	}
	route := c.Route().Path
	if route == "" || route == "/" && c.Path() != "/" {
		route = "other"
	}
	m.observe(seriesKey{c.Method(), route, fmt.Sprint(status)}, time.Since(start).Seconds())
	return err
}

func (m *Metrics) observe(k seriesKey, seconds float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.series[k]
	if !ok {
		s = &series{buckets: make([]uint64, len(latencyBuckets))}
		m.series[k] = s
	}
	s.count++
	s.sum += seconds
	for i, b := range latencyBuckets {
		if seconds <= b {
			s.buckets[i]++
		}
	}
}

// Handler writes the series in the Prometheus text format.
func (m *Metrics) Handler(c *fiber.Ctx) error {
	m.mu.Lock()
	keys := make([]seriesKey, 0, len(m.series))
	for k := range m.series {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	var b strings.Builder
	b.WriteString("# HELP yishi_http_requests_total HTTP requests by method, route and status.\n# TYPE yishi_http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "yishi_http_requests_total{%s} %d\n", k.labels(), m.series[k].count)
	}
	b.WriteString("# HELP yishi_http_errors_total HTTP requests answered with a 4xx or 5xx status.\n# TYPE yishi_http_errors_total counter\n")
	for _, k := range keys {
		if k.status >= "400" {
			fmt.Fprintf(&b, "yishi_http_errors_total{%s} %d\n", k.labels(), m.series[k].count)
		}
	}
	b.WriteString("# HELP yishi_http_request_duration_seconds HTTP request latency.\n# TYPE yishi_http_request_duration_seconds histogram\n")
	for _, k := range keys {
		s := m.series[k]
		for i, le := range latencyBuckets {
			fmt.Fprintf(&b, "yishi_http_request_duration_seconds_bucket{%s,le=\"%g\"} %d\n", k.labels(), le, s.buckets[i])
		}
		fmt.Fprintf(&b, "yishi_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", k.labels(), s.count)
		fmt.Fprintf(&b, "yishi_http_request_duration_seconds_sum{%s} %g\n", k.labels(), s.sum)
		fmt.Fprintf(&b, "yishi_http_request_duration_seconds_count{%s} %d\n", k.labels(), s.count)
	}
	m.mu.Unlock()
	c.Set(fiber.HeaderContentType, "text/plain; version=0.0.4; charset=utf-8")
	return c.SendString(b.String())
}

func (k seriesKey) labels() string {
	return fmt.Sprintf("method=%q,route=%q,status=%q", k.method, k.route, k.status)
}
