package today

import (
	"context"

	"yishi/modules/minutes"
)

// dayReads holds what several kinds of line read, for one request: the
// meetings (for today's meetings, the open ones' marks and the minutes to
// draft) and the notice board (for objections and filings) are each read
// once instead of once per kind of line. On the embedded store every read
// is a scan of its collection and they all go through one connection, so
// the list a secretary's home waits for cost as many scans as it asked.
type dayReads struct {
	villageID string
	meetings  []minutes.Meeting
	board     []minutes.BoardEntry
	haveMeet  bool
	haveBoard bool
}

func (d *dayReads) meetingsOf(ctx context.Context, s *Service) ([]minutes.Meeting, error) {
	if !d.haveMeet {
		ms, err := s.Minutes.List(ctx, d.villageID)
		if err != nil {
			return nil, err
		}
		d.meetings, d.haveMeet = ms, true
	}
	return d.meetings, nil
}

func (d *dayReads) boardOf(ctx context.Context, s *Service) ([]minutes.BoardEntry, error) {
	if !d.haveBoard {
		b, err := s.Minutes.Board(ctx, d.villageID)
		if err != nil {
			return nil, err
		}
		d.board, d.haveBoard = b, true
	}
	return d.board, nil
}
