package web

import "slices"

// Acknowledged is the rule "nothing is dropped silently", in one place: an
// action that would leave items out (an unconfirmed count at a vote's close,
// an unconfirmed mark at a meeting's close) goes ahead only when the request
// names every one of them by key; otherwise it is refused with the list in
// the refusal's details, under "unconfirmed", for the page to show.
func Acknowledged[T any](items []T, key func(T) string, ack []string, refusal *Error) error {
	for _, it := range items {
		if !slices.Contains(ack, key(it)) {
			return refusal.WithDetails(map[string]any{"unconfirmed": items})
		}
	}
	return nil
}
