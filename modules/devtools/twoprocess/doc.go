// Package twoprocess runs two app processes on one server store and checks
// that what one does, the other sees (issue 20 item 6): a session made on one
// is honoured by the other, ballots cast on both are counted by the close on
// one, a meeting opened on one is signed into on the other, and a role taken
// away on one is refused on the other within the role watcher's interval.
//
// It needs a server store (a MongoDB, or FerretDB on PostgreSQL from
// .ci/pg-up): YISHI_TEST_MONGODB_URI=mongodb://… go test ./modules/devtools/twoprocess
// Without it the test skips: the embedded store belongs to one process.
package twoprocess
