package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"yishi/modules/vote"
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
	// Abuse limits (see README): login attempts a minute per address, wrong
	// passwords that lock a phone and for how long, and limited writes
	// (proposals, topics, comments, ballots) a minute per account and per
	// address; 0 turns a write limit off.
	LoginPerIP     int
	LoginFailures  int
	LockFor        time.Duration
	RatePerAccount int
	RatePerIP      int
	// MemoryLimitMB is the Go runtime's soft memory limit (see main.go).
	MemoryLimitMB int
	// DebugAddr, when set, serves Go's profiles (net/http/pprof) there:
	// keep it on localhost.
	DebugAddr string
	// PublicURL is the address residents' phones open (the sign-in QR code
	// encodes it); empty takes the scheme and host of each request.
	PublicURL string
	// PlainStatic serves the web shell as before issue 20: no compression,
	// no hashed addresses, no validators; the bench measures it beside the
	// default in one run.
	PlainStatic bool
	// Login codes (wire_sms.go): who sends them and their limits.
	SMS SMSConfig
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

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return n
	}
	return def
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
	// A meeting logs in from one village Wi-Fi address: the per-address limit
	// must let a hall full of residents in; guessing is stopped per phone.
	fs.IntVar(&c.LoginPerIP, "login-per-ip", envInt("YISHI_LOGIN_PER_IP", 300), "login attempts a minute from one address (env YISHI_LOGIN_PER_IP)")
	fs.IntVar(&c.LoginFailures, "login-failures", envInt("YISHI_LOGIN_FAILURES", 5), "wrong passwords that lock a phone (env YISHI_LOGIN_FAILURES)")
	lockFor := fs.String("lockout", envOr("YISHI_LOCKOUT", "15m"), "how long a locked phone waits (env YISHI_LOCKOUT)")
	fs.IntVar(&c.RatePerAccount, "rate-per-account", envInt("YISHI_RATE_PER_ACCOUNT", 30), "proposals, topics, comments and ballots a minute per account; 0 is no limit (env YISHI_RATE_PER_ACCOUNT)")
	fs.IntVar(&c.MemoryLimitMB, "memory-limit-mb", envInt("YISHI_MEMORY_LIMIT_MB", 120), "soft limit of the Go heap in MB (GOMEMLIMIT wins); 0 is none (env YISHI_MEMORY_LIMIT_MB)")
	fs.StringVar(&c.PublicURL, "public-url", os.Getenv("YISHI_PUBLIC_URL"), "address residents' phones open, e.g. https://yishi.example.cn; empty uses each request's host (env YISHI_PUBLIC_URL)")
	fs.StringVar(&c.DebugAddr, "debug-addr", os.Getenv("YISHI_DEBUG_ADDR"), "serve Go profiles (/debug/pprof/) on this address, e.g. 127.0.0.1:6060; empty is off (env YISHI_DEBUG_ADDR)")
	fs.IntVar(&c.RatePerIP, "rate-per-ip", envInt("YISHI_RATE_PER_IP", 2400), "the same a minute per address, which a whole meeting may share; 0 is no limit (env YISHI_RATE_PER_IP)")
	fs.BoolVar(&c.PlainStatic, "plain-static", false, "serve the web shell uncompressed, unversioned and without validators, as before issue 20 (for the bench's comparison)")
	smsFlags(fs, &c.SMS)
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
	if err := vote.CheckProxyCap(c.ProxyCap); err != nil {
		return Config{}, fmt.Errorf("-proxy-cap: %w", err)
	}
	if c.LockFor, err = time.ParseDuration(*lockFor); err != nil || c.LockFor <= 0 {
		return Config{}, fmt.Errorf("-lockout %q: want a duration such as 15m", *lockFor)
	}
	if err := c.SMS.check(); err != nil {
		return Config{}, err
	}
	return c, nil
}
