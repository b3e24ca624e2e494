package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"
)

// Config is everything that can be set from flags or the environment. A flag
// given on the command line wins over the environment, which wins over the
// default.
type Config struct {
	Addr          string
	DataDir       string
	MongoURI      string
	DBPrefix      string
	Demo          bool
	LogLevel      slog.Level
	StoreLog      bool
	SecureCookies bool
	SessionTTL    time.Duration
	BodyLimit     int
	ProxyCap      int
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func envBool(key string) bool {
	b, _ := strconv.ParseBool(os.Getenv(key))
	return b
}

// parseConfig reads flags from args and the environment.
func parseConfig(args []string) (Config, error) {
	fs := flag.NewFlagSet("yishi", flag.ContinueOnError)
	var c Config
	port := envOr("PORT", "8080")
	fs.StringVar(&c.Addr, "addr", envOr("YISHI_ADDR", ":"+port), "listen address (env YISHI_ADDR, or PORT for the port)")
	fs.StringVar(&c.DataDir, "data", envOr("YISHI_DATA", "data"), "data folder of the embedded store (env YISHI_DATA)")
	fs.StringVar(&c.MongoURI, "mongodb-uri", os.Getenv("MONGODB_URI"), "MongoDB URI; empty starts the embedded store (env MONGODB_URI)")
	fs.StringVar(&c.DBPrefix, "db-prefix", envOr("YISHI_DB_PREFIX", "yishi"), "prefix of database names (env YISHI_DB_PREFIX)")
	fs.BoolVar(&c.Demo, "demo", envBool("YISHI_DEMO"), "seed the demo township before serving (env YISHI_DEMO)")
	level := fs.String("log-level", envOr("YISHI_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env YISHI_LOG_LEVEL)")
	fs.BoolVar(&c.StoreLog, "store-log", envBool("YISHI_STORE_LOG"), "print the embedded store's warnings (env YISHI_STORE_LOG)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("YISHI_SECURE_COOKIES"), "mark cookies Secure; set behind HTTPS (env YISHI_SECURE_COOKIES)")
	ttl := fs.String("session-ttl", envOr("YISHI_SESSION_TTL", "168h"), "how long a login lasts (env YISHI_SESSION_TTL)")
	fs.IntVar(&c.BodyLimit, "body-limit", 4<<20, "largest request body in bytes")
	proxyCap, _ := strconv.Atoi(envOr("YISHI_PROXY_CAP", "3"))
	fs.IntVar(&c.ProxyCap, "proxy-cap", proxyCap, "entrustments one person may hold, a provincial rule (env YISHI_PROXY_CAP)")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if err := c.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		return Config{}, fmt.Errorf("-log-level: %w", err)
	}
	d, err := time.ParseDuration(*ttl)
	if err != nil || d <= 0 {
		return Config{}, fmt.Errorf("-session-ttl %q: want a duration such as 168h", *ttl)
	}
	c.SessionTTL = d
	return c, nil
}
