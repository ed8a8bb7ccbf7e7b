package model

import (
	"fmt"
	"math"
)

// Warning is a condition of a run that a reader of its results must know
// about (docs/model.md section 6), as a value: what it is (Kind) and its
// figures. Its Error words it for a reader of the model; a program words
// it in its own terms (the command names its flags, as in "run with
// --members 520000").
type Warning struct {
	Kind WarningKind
	// Weight is the number of people each synthetic member stands for, and
	// Insured the number of members of a run at weight 1 (Weighted).
	Weight, Insured float64
	// Replications is the run's number of replications (FewReplications).
	Replications int
}

// WarningKind is what a Warning is about.
type WarningKind int

const (
	// Weighted: each synthetic member stands for more than one person, so
	// member-level noise is scaled up.
	Weighted WarningKind = iota + 1
	// OpenLoop: no management rule raises contributions when the fund
	// runs low.
	OpenLoop
	// FewReplications: fewer than RoughReplications replications.
	FewReplications
)

// RoughReplications is the fewest replications whose percentiles and
// probabilities are not called rough.
const RoughReplications = 30

// Condition words the condition w reports, without advice on what to do.
func (w Warning) Condition() string {
	switch w.Kind {
	case Weighted:
		return fmt.Sprintf("each synthetic member stands for %.4g people (weight > 1): member-level noise is scaled up, which widens the bands and inflates solvency probabilities", w.Weight)
	case OpenLoop:
		return "open-loop projection: no management rule (management.contribution_adjustment) raises contributions when the fund runs low, so deficits run on unchecked"
	case FewReplications:
		return fmt.Sprintf("only %d replications: percentiles and probabilities are rough", w.Replications)
	}
	return fmt.Sprintf("warning of kind %d", int(w.Kind))
}

// Error words w with its advice: for Weighted, the members of a run at
// weight 1; for FewReplications, the replications for decisions.
func (w Warning) Error() string {
	switch w.Kind {
	case Weighted:
		return fmt.Sprintf("%s; simulate %.0f members (weight 1) for solvency figures", w.Condition(), math.Ceil(w.Insured))
	case FewReplications:
		return w.Condition() + "; use at least 100 for decisions"
	}
	return w.Condition()
}

// Warnings returns the warnings of a run of s with the given replications
// and members: a weight above 1, no management rule and too few
// replications, in that order. They depend on the whole run, never on a
// shard of it.
func Warnings(s *Scenario, replications, members int) []Warning {
	var w []Warning
	if weight := s.Population.Insured / float64(members); weight > 1 {
		w = append(w, Warning{Kind: Weighted, Weight: weight, Insured: s.Population.Insured})
	}
	if !s.Management.ContributionAdjustment.Enabled {
		w = append(w, Warning{Kind: OpenLoop})
	}
	if replications < RoughReplications {
		w = append(w, Warning{Kind: FewReplications, Replications: replications})
	}
	return w
}
