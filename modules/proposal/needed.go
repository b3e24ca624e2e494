package proposal

// StillNeeded is how many more signatures the proposal needs to reach the
// nearest route of its threshold, and false when it has no threshold or
// its signatures are closed (reached, or withdrawn from gathering).
func (p Proposal) StillNeeded() (int, bool) {
	if p.Threshold == nil || p.SignaturesLocked || len(p.Threshold.Routes) == 0 {
		return 0, false
	}
	have := map[string]int{countSignatures: p.Counts.Signatures, countAdults: p.Counts.Adults,
		countHouseholdHeads: p.Counts.HouseholdHeads, countRepresentatives: p.Counts.Representatives}
	best := -1
	for _, r := range p.Threshold.Routes {
		n := max(r.Required-have[r.Counts], 0)
		if best < 0 || n < best {
			best = n
		}
	}
	return best, true
}
