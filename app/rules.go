package main

import (
	"fmt"
	"slices"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/evaluation"
	"yishi/modules/law"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/vote"
)

// ruleTables is every rule table the app enforces, each from the module that
// holds it: the meeting rules, who may demand a meeting and what is reserved
// to it, and the notice, publication and roster rules.
func ruleTables() []law.Rule {
	return slices.Concat(vote.RuleTable(), proposal.RuleTable(), minutes.RuleTable(), org.SupervisionRules(),
		proposal.PetitionRuleTable(), vote.RecallTable(), evaluation.RuleTable())
}

// quotedRules are the rule tables with the words of every provision they
// cite, checked once: a table that cites what the texts in force do not
// have stops the app at start rather than showing a wrong article.
func quotedRules() ([]law.QuotedRule, error) {
	qs, err := law.QuoteRules(ruleTables())
	if err != nil {
		return nil, fmt.Errorf("rule tables: %w", err)
	}
	return qs, nil
}

// rules serves the rules page: each rule with its citation and the words of
// the article it rests on.
func (a *app) rules(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"rules": a.ruleList})
}
